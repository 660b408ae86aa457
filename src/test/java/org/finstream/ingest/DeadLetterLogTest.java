package org.finstream.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.finstream.records.DeadLetterHeaders;
import org.finstream.records.ErrorCode;
import org.junit.jupiter.api.Test;

/** Dead-letter ids, times, filters, decoding and the replay plan, without Kafka. */
class DeadLetterLogTest {
    private static final Instant T = Instant.parse("2024-03-04T14:30:00Z");

    private static DeadLetterLog.Entry entry(String id, String topic, String code, Instant at, String key) {
        return new DeadLetterLog.Entry(id, topic, 0, 7, key, code, "m", at, "op", new byte[] {1});
    }

    @Test
    void timesAreInstantsOrDatesAtTheStartOfTheDayInUtc() {
        assertEquals(T, DeadLetterFilter.parseTime("2024-03-04T14:30:00Z"));
        assertEquals(T, DeadLetterFilter.parseTime(" 2024-03-04T15:30:00+01:00 "));
        assertEquals(Instant.parse("2024-03-04T00:00:00Z"), DeadLetterFilter.parseTime("2024-03-04"));
        for (String bad : List.of("yesterday", "2024-03-32", "2024-03-04T25:00:00Z", "2024-03-04T14:30:00", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeadLetterFilter.parseTime(bad));
            assertTrue(e.getMessage().contains("'" + bad + "' is neither an ISO instant"), e.getMessage());
        }
    }

    @Test
    void idsArePartitionColonOffset() {
        assertEquals("1:42", DeadLetterLog.parseId("1:42"));
        assertEquals("0:7", DeadLetterLog.parseId(" 00:007"));
        for (String bad : List.of("42", "1:", ":4", "a:1", "1:2:3", "-1:4")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeadLetterLog.parseId(bad));
            assertTrue(e.getMessage().contains("<partition>:<offset>"), e.getMessage());
        }
    }

    @Test
    void everyGivenConditionMustHoldAndTheTimeRangeIsHalfOpen() {
        DeadLetterLog.Entry e = entry("0:1", "prices", "LATE", T, "AAA");
        assertTrue(DeadLetterFilter.ALL.test(e));
        assertTrue(DeadLetterFilter.ALL.isEmpty());
        assertTrue(new DeadLetterFilter("prices", Set.of(ErrorCode.LATE, ErrorCode.BAD_DATE), T, T.plusMillis(1), "AAA").test(e));
        assertFalse(new DeadLetterFilter("trades", Set.of(), null, null, null).test(e));
        assertFalse(new DeadLetterFilter(null, Set.of(ErrorCode.BAD_DATE), null, null, null).test(e));
        assertFalse(new DeadLetterFilter(null, Set.of(), T.plusMillis(1), null, null).test(e), "from is inclusive");
        assertFalse(new DeadLetterFilter(null, Set.of(), null, T, null).test(e), "to is exclusive");
        assertFalse(new DeadLetterFilter(null, Set.of(), null, null, "BBB").test(e));
        assertFalse(new DeadLetterFilter(null, Set.of(), null, null, "AAA").isEmpty());
        assertFalse(new DeadLetterFilter(null, Set.of(), T, null, null).test(entry("0:2", "prices", "LATE", null, "AAA")),
                "a dead letter without a rejection time is outside every time range");
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> new DeadLetterFilter(null, Set.of(), T, T, null));
        assertTrue(x.getMessage().contains("must be before --to"), x.getMessage());
    }

    @Test
    void decodesTheRecordAndHeadersTheSinkWrites() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.ERROR_CODE, bytes("BAD_NUMBER"));
        headers.add(DeadLetterHeaders.MESSAGE, bytes("close: 'x' is not a number"));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, bytes("prices"));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, bytes("1"));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, bytes("12345"));
        headers.add(DeadLetterHeaders.REJECTED_AT, bytes(T.toString()));
        headers.add(DeadLetterHeaders.OPERATOR, bytes("ingest-parse:prices"));
        byte[] raw = {(byte) 0xff, 0, 'A'};
        DeadLetterLog.Entry e = DeadLetterLog.decode(new ConsumerRecord<>("dead-letters", 1, 99, 0L,
                TimestampType.CREATE_TIME, 0, 0, bytes("AAA"), raw, headers, Optional.empty()));
        assertEquals("1:99", e.id());
        assertEquals("prices/1@12345", e.source());
        assertEquals(List.of("AAA", "BAD_NUMBER", "close: 'x' is not a number", "ingest-parse:prices"),
                List.of(e.key(), e.errorCode(), e.message(), e.operator()));
        assertEquals(T, e.rejectedAt());
        assertArrayEquals(raw, e.raw());

        DeadLetterLog.Entry bare = DeadLetterLog.decode(new ConsumerRecord<>("dead-letters", 0, 3, null, null));
        assertEquals("null/-1@-1", bare.source());
        assertNull(bare.rejectedAt());
        assertArrayEquals(new byte[0], bare.raw());
    }

    @Test
    void aPlanSkipsWhatWasReplayedUnlessForced() {
        DeadLetterLog.Entry a = entry("0:1", "prices", "LATE", T, "AAA");
        DeadLetterLog.Entry b = entry("1:1", "trades", "LATE", T, "P1");
        Map<String, List<ReplayLog.Replay>> log = Map.of("1:1", List.of(new ReplayLog.Replay(T, "trades", 0, 9)));
        DeadLetterReplay.Plan plan = DeadLetterReplay.plan(List.of(a, b), log, false, null);
        assertEquals(List.of(a), plan.replay());
        assertEquals(List.of(b), plan.skipped());
        assertEquals("prices", plan.target(a));
        DeadLetterReplay.Plan forced = DeadLetterReplay.plan(List.of(a, b), log, true, "quarantine");
        assertEquals(List.of(a, b), forced.replay());
        assertEquals(List.of(), forced.skipped());
        assertEquals("quarantine", forced.target(b));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
