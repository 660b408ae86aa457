package org.finstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.finstream.records.EventTimes;
import org.finstream.records.InputEvent;
import org.junit.jupiter.api.Test;

class LatenessWatermarksTest {
    private final List<Long> emitted = new ArrayList<>();
    /** Watermarks and idleness in order: a watermark's timestamp, or "idle". */
    private final List<String> events = new ArrayList<>();
    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(watermark.getTimestamp());
            events.add(String.valueOf(watermark.getTimestamp()));
        }

        @Override
        public void markIdle() {
            events.add("idle");
        }

        @Override
        public void markActive() {}
    };

    @Test
    void trailsTheNewestEventByTheAllowedLatenessAndFlushesWhenQuiet() {
        AtomicLong now = new AtomicLong(1_000);
        LatenessWatermarks<Object> wm = new LatenessWatermarks<>(100, 500, 0, false, now::get);
        wm.onPeriodicEmit(output);
        assertEquals(List.of(), emitted, "nothing before the first event");

        wm.onEvent("a", 10_000, output);
        assertEquals(List.of(9_899L), emitted, "the first event emits at once");
        wm.onEvent("b", 9_000, output);
        wm.onEvent("reference", InputEvent.NO_EVENT_TIME, output);
        wm.onEvent("c", 10_500, output);
        assertEquals(List.of(9_899L), emitted, "less than a second of progress waits for the periodic emit");
        wm.onPeriodicEmit(output);
        assertEquals(List.of(9_899L, 10_399L), emitted);

        now.addAndGet(499);
        wm.onPeriodicEmit(output);
        assertEquals(List.of(9_899L, 10_399L), emitted, "not quiet long enough, no new watermark");

        now.addAndGet(1);
        wm.onPeriodicEmit(output);
        assertEquals(List.of(9_899L, 10_399L, 10_500L), emitted, "quiet: up to the newest event");

        wm.onEvent("d", 10_550, output);
        wm.onPeriodicEmit(output);
        assertEquals(List.of(9_899L, 10_399L, 10_500L), emitted, "never moves backwards");

        wm.onEvent("e", 12_000, output);
        assertEquals(11_899L, emitted.get(emitted.size() - 1), "a second of progress emits at once");
    }

    @Test
    void aQuietSplitFlushesEvenWhenItWentIdleFirstAndIsThenIdleAgain() {
        AtomicLong now = new AtomicLong(0);
        LatenessWatermarks<Object> wm = new LatenessWatermarks<>(100, 10_000, 5_000, false, now::get);
        wm.onEvent("a", 50_000, output);
        now.set(4_999);
        wm.onPeriodicEmit(output);
        assertEquals(List.of("49899"), events);
        now.set(5_000);
        wm.onPeriodicEmit(output);
        now.set(5_200);
        wm.onPeriodicEmit(output);
        assertEquals(List.of("49899", "idle"), events, "idle once after the idle timeout");
        now.set(10_000);
        wm.onPeriodicEmit(output);
        assertEquals(List.of("49899", "idle", "50000", "idle"), events,
                "the flush is not lost to idleness (Flink's withIdleness stops asking the generator)");
        wm.onEvent("b", 50_100, output);
        now.set(15_100);
        wm.onPeriodicEmit(output);
        assertEquals("idle", events.get(events.size() - 1), "an event makes it active; quiet again, idle again");
    }

    @Test
    void aSplitWithoutAnyEventGoesIdle() {
        AtomicLong now = new AtomicLong(0);
        LatenessWatermarks<Object> wm = new LatenessWatermarks<>(100, 250, 5_000, false, now::get);
        wm.onPeriodicEmit(output);
        now.set(5_000);
        wm.onPeriodicEmit(output);
        wm.onPeriodicEmit(output);
        assertEquals(List.of("idle"), events);
    }

    @Test
    void withoutFlushItNeverPassesNewestMinusLateness() {
        AtomicLong now = new AtomicLong(0);
        LatenessWatermarks<Object> wm = new LatenessWatermarks<>(100, 0, 0, false, now::get);
        wm.onEvent("a", 1_000, output);
        now.addAndGet(1_000_000);
        wm.onPeriodicEmit(output);
        assertEquals(List.of(899L), emitted, "emitted once, on the event, and never flushed");
    }

    @Test
    void aQuietDatedSplitHasDeliveredItsNewestDateWhole() {
        AtomicLong now = new AtomicLong(0);
        long lateness = EventTimes.DAY_MS;
        LatenessWatermarks<Object> wm = new LatenessWatermarks<>(lateness, 250, 0, true, now::get);
        LocalDate exDate = LocalDate.of(2024, 4, 19);
        wm.onEvent("split", EventTimes.startOfDay(exDate), output);
        wm.onEvent("dividend", EventTimes.startOfDay(exDate.minusDays(1)), output);
        assertEquals(List.of(EventTimes.startOfDay(exDate) - lateness - 1), emitted);
        now.addAndGet(250);
        wm.onPeriodicEmit(output);
        assertEquals(EventTimes.endOfDay(exDate), emitted.get(emitted.size() - 1),
                "quiet: to the end of the newest date, not its start");

        emitted.clear();
        LatenessWatermarks<Object> timed = new LatenessWatermarks<>(lateness, 250, 0, false, now::get);
        timed.onEvent("bar", EventTimes.startOfDay(exDate) + 3_600_000, output);
        now.addAndGet(250);
        timed.onPeriodicEmit(output);
        assertEquals(EventTimes.startOfDay(exDate) + 3_600_000, emitted.get(emitted.size() - 1),
                "an input with times of day flushes to its newest event only");
    }
}
