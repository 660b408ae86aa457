package org.finstream.records;

import java.time.LocalDate;

/** Event-time conventions shared by every record type (UTC epoch milliseconds). */
public final class EventTimes {
    public static final long DAY_MS = 86_400_000L;

    private EventTimes() {}

    /** The first millisecond of a date: ex-dates, trade dates, filing dates. */
    public static long startOfDay(LocalDate date) {
        return date.toEpochDay() * DAY_MS;
    }

    /** The last millisecond of a date: a daily bar describes the whole trading day. */
    public static long endOfDay(LocalDate date) {
        return startOfDay(date) + DAY_MS - 1;
    }

    public static LocalDate dateOf(long epochMillis) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochMillis, DAY_MS));
    }
}
