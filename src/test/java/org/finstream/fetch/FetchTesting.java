package org.finstream.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.finstream.cli.Main;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.TopicSnapshot;
import org.finstream.records.DeadLetterHeaders;
import org.finstream.runtime.EmbeddedKafka;
import org.finstream.runtime.Topics;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Set-up shared by the fetcher tests that run against a real broker and {@link LoopbackProvider}. */
final class FetchTesting {
    private FetchTesting() {}

    /** A test class's broker ({@code @RegisterExtension static}): started before its first test, closed after its last. */
    static final class Broker implements BeforeAllCallback, AfterAllCallback {
        private EmbeddedKafka kafka;

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            kafka = EmbeddedKafka.start();
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            kafka.close();
        }

        String bootstrapServers() {
            return kafka.bootstrapServers();
        }
    }

    /** A fresh configuration on {@code kafka} whose topics (and progress) no other test shares. */
    static FinstreamConfig config(Broker kafka, String prefix) throws Exception {
        FinstreamConfig c = FinstreamConfig.defaults();
        c.kafka.bootstrapServers = kafka.bootstrapServers();
        c.kafka.topics.replaceAll((k, v) -> prefix + "-" + v);
        c.kafka.consumerGroup = prefix;
        Topics.ensure(c.kafka);
        return c;
    }

    /** Fast retries and a rate that never slows a test down. */
    static FetchSettings settings() {
        return FetchSettings.builder().requestsPerMinute(60_000).burst(20).maxConcurrentRequests(4)
                .requestTimeout(Duration.ofSeconds(5)).maxAttempts(4).backoffBase(Duration.ofMillis(10))
                .backoffMax(Duration.ofMillis(50)).maxRetryAfter(Duration.ofSeconds(1)).build();
    }

    /** A topic's values as text, sorted; the dead letters as "code key". */
    static List<String> topic(FinstreamConfig c, String topic) {
        List<String> values = new ArrayList<>();
        TopicSnapshot.read(c.kafka, c.kafka.topic(topic), r -> values.add(topic.equals("dead-letters")
                ? new String(r.headers().lastHeader(DeadLetterHeaders.ERROR_CODE).value(), StandardCharsets.UTF_8)
                        + " " + new String(r.key(), StandardCharsets.UTF_8)
                : new String(r.value(), StandardCharsets.UTF_8)));
        values.sort(null);
        return values;
    }

    /** Runs the command line, which must exit 0, and returns what it printed. */
    static String succeeds(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args), err.toString());
        return out.toString();
    }
}
