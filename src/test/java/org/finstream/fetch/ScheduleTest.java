package org.finstream.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** The fetch schedules' round times, across the close, weekends and a daylight-saving change. */
class ScheduleTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");

    private static Instant ny(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), NY).toInstant();
    }

    @Test
    void onceAndEvery() {
        Instant now = Instant.parse("2024-03-06T12:00:00Z");
        assertEquals(now, Schedule.once().first(now));
        assertNull(Schedule.once().next(now));
        assertEquals(now, Schedule.every(Duration.ofHours(1)).first(now));
        assertEquals(now.plusSeconds(3600), Schedule.every(Duration.ofHours(1)).next(now));
        assertThrows(IllegalArgumentException.class, () -> Schedule.every(Duration.ZERO));
    }

    @Test
    void whileOpenPollsDuringTheSessionAndWaitsForTheNextOpen() {
        Schedule s = Schedule.everyWhileOpen(Duration.ofMinutes(1), NY);
        assertEquals(ny("2024-03-06T10:00"), s.first(ny("2024-03-06T10:00")), "open: at once");
        assertEquals(ny("2024-03-06T09:30"), s.first(ny("2024-03-06T08:00")), "before the open: at the open");
        assertEquals(ny("2024-03-06T15:59"), s.next(ny("2024-03-06T15:58")));
        assertEquals(ny("2024-03-07T09:30"), s.next(ny("2024-03-06T15:59")), "16:00 is the close: next morning");
        assertEquals(ny("2024-03-11T09:30"), s.next(ny("2024-03-08T15:59:30")), "Friday's close: Monday");
        assertEquals(ny("2024-03-11T09:30"), s.first(ny("2024-03-09T12:00")), "Saturday: Monday");
        // 2024-03-10 is the switch to daylight-saving time: the open stays 09:30 local
        assertEquals(Instant.parse("2024-03-11T13:30:00Z"), s.first(ny("2024-03-10T12:00")));
        assertEquals(Instant.parse("2024-03-08T14:30:00Z"), s.first(ny("2024-03-08T09:00")));
    }

    @Test
    void dailyAtRunsNowThenAtTheTimeOnWeekdays() {
        Schedule s = Schedule.dailyAt(LocalTime.of(17, 30), NY);
        assertEquals(ny("2024-03-06T10:00"), s.first(ny("2024-03-06T10:00")), "a first round at once, to catch up");
        assertEquals(ny("2024-03-06T17:30"), s.next(ny("2024-03-06T10:00")));
        assertEquals(ny("2024-03-07T17:30"), s.next(ny("2024-03-06T17:30")), "a round at 17:30 sharp: the next day");
        assertEquals(ny("2024-03-11T17:30"), s.next(ny("2024-03-08T17:31")), "Friday evening: Monday");
    }

    @Test
    void theLastSessionIsTodayOnceTheMarketHasClosed() {
        assertEquals(java.time.LocalDate.of(2024, 3, 5), Schedule.lastSession(ny("2024-03-06T15:59"), NY));
        assertEquals(java.time.LocalDate.of(2024, 3, 6), Schedule.lastSession(ny("2024-03-06T16:00"), NY));
        assertEquals(java.time.LocalDate.of(2024, 3, 6), Schedule.lastSession(ny("2024-03-06T23:30"), NY),
                "04:30 UTC the next day is still the 6th in New York");
        assertEquals(java.time.LocalDate.of(2024, 3, 8), Schedule.lastSession(ny("2024-03-10T12:00"), NY), "Sunday: Friday");
        assertEquals(java.time.LocalDate.of(2024, 3, 8), Schedule.lastSession(ny("2024-03-11T09:00"), NY),
                "Monday morning: Friday");
    }
}
