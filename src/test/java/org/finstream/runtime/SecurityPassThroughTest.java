package org.finstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import org.finstream.config.FinstreamConfig;
import org.junit.jupiter.api.Test;

/**
 * TLS and SASL settings reach the real clients: the embedded servers speak plain TCP only, so a
 * client that was told to use TLS (PostgreSQL {@code sslmode=require}, Kafka
 * {@code security.protocol=SSL}) fails against them, which it could not if the setting were
 * dropped on the way; without the setting the same client connects.
 */
class SecurityPassThroughTest {
    @Test
    void postgresSslModeAndKafkaSecurityProtocolReachTheClients() throws Exception {
        FinstreamConfig base = FinstreamConfig.defaults();
        try (EmbeddedStack stack = EmbeddedStack.start(base)) {
            FinstreamConfig c = stack.config();
            try (Connection plain = Schema.connect(c.postgres)) {
                assertTrue(plain.isValid(5));
            }
            c.postgres.properties.put("sslmode", "require");
            SQLException noTls = assertThrows(SQLException.class, () -> Schema.connect(c.postgres).close());
            assertTrue(noTls.getMessage().contains("SSL"), noTls.getMessage());
            c.postgres.properties.remove("sslmode");

            assertEquals(java.util.List.of(), Topics.ensure(c.kafka), "topics exist, reachable in plain text");
            c.kafka.properties.put("security.protocol", "SSL");
            c.kafka.properties.put("default.api.timeout.ms", "3000"); // also a pass-through client property
            c.kafka.properties.put("request.timeout.ms", "2000");
            ExecutionException tls = assertThrows(ExecutionException.class, () -> Topics.ensure(c.kafka));
            assertTrue(tls.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
                    || tls.getCause() instanceof org.apache.kafka.common.errors.SslAuthenticationException,
                    tls.getCause().toString());
        }
    }
}
