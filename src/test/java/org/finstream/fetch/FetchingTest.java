package org.finstream.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.Test;

/** The fetchers' shared parallel loop and dead-letter bodies. */
class FetchingTest {
    @Test
    void oneItemFailingLetsTheOthersFinishThenFailsTheRun() {
        Set<String> done = ConcurrentHashMap.newKeySet();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Fetching.inParallel(
                List.of("A", "B", "C", "D"), 2, "prices", s -> {
                    if (s.equals("B")) {
                        throw new IllegalArgumentException("B is broken");
                    }
                    done.add(s);
                }));
        assertEquals(Set.of("A", "C", "D"), done, "the other symbols were fetched");
        assertTrue(e.getMessage().contains("fetching prices: 1 of 4 failed") && e.getMessage().contains("B is broken"),
                e.getMessage());
    }

    @Test
    void aKafkaFailureStopsTheRunAtOnce() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Fetching.inParallel(
                List.of("A"), 1, "prices", s -> {
                    throw new ProducerFencedException("a newer fetcher");
                }));
        assertTrue(e.getCause() instanceof ProducerFencedException);
    }

    @Test
    void aDeadLetterBodyIsMaskedAndCapped() {
        URI uri = URI.create("http://127.0.0.1:1/api/eod/AAA.US?api_token=s3cr3t-key&fmt=json");
        byte[] echo = "<html>bad request for api_token=s3cr3t-key</html>".getBytes(StandardCharsets.UTF_8);
        assertEquals("<html>bad request for api_token=***</html>", new String(Fetching.raw(echo, uri), StandardCharsets.UTF_8));
        byte[] plain = "[1,2".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(plain, Fetching.raw(plain, uri), "a body without the key is kept byte for byte");
        byte[] huge = new byte[3 * 1024 * 1024];
        assertEquals(Fetching.MAX_RAW, Fetching.raw(huge, uri).length, "a companyfacts-sized body is cut");
    }
}
