package org.finstream.fetch;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a fetcher runs its rounds: once; every interval; every interval but only while the
 * market is open (weekdays {@link #OPEN} to {@link #CLOSE} in the market's zone, for intraday
 * polling); or daily at a time on weekdays (end of day, after the close). Exchange holidays are
 * not known: on one, a round simply finds nothing new.
 */
public final class Schedule {
    /** The regular session of US equities, in {@code America/New_York}. */
    public static final LocalTime OPEN = LocalTime.of(9, 30);
    public static final LocalTime CLOSE = LocalTime.of(16, 0);

    private enum Kind { ONCE, EVERY, EVERY_WHILE_OPEN, DAILY_AT }

    private final Kind kind;
    private final Duration every;
    private final LocalTime at;
    private final ZoneId zone;

    private Schedule(Kind kind, Duration every, LocalTime at, ZoneId zone) {
        if (every != null && (every.isNegative() || every.isZero())) {
            throw new IllegalArgumentException("the interval must be > 0, got " + every);
        }
        this.kind = kind;
        this.every = every;
        this.at = at;
        this.zone = zone;
    }

    /** One round, now. */
    public static Schedule once() {
        return new Schedule(Kind.ONCE, null, null, null);
    }

    /** A round now and then every {@code interval} after the start of the previous one. */
    public static Schedule every(Duration interval) {
        return new Schedule(Kind.EVERY, interval, null, null);
    }

    /** Rounds every {@code interval} while the market is open in {@code zone}; closed, the next round is at the open. */
    public static Schedule everyWhileOpen(Duration interval, ZoneId zone) {
        return new Schedule(Kind.EVERY_WHILE_OPEN, interval, null, zone);
    }

    /** A round now (to catch up), then one at {@code time} in {@code zone} on every weekday. */
    public static Schedule dailyAt(LocalTime time, ZoneId zone) {
        return new Schedule(Kind.DAILY_AT, null, time, zone);
    }

    /** When the first round runs, the schedule starting at {@code now}. */
    public Instant first(Instant now) {
        return kind == Kind.EVERY_WHILE_OPEN ? whileOpen(now) : now;
    }

    /** When the round after one that started at {@code started} runs; null when there is none. */
    public Instant next(Instant started) {
        return switch (kind) {
            case ONCE -> null;
            case EVERY -> started.plus(every);
            case EVERY_WHILE_OPEN -> whileOpen(started.plus(every));
            case DAILY_AT -> {
                ZonedDateTime t = started.atZone(zone).with(at);
                if (!t.toInstant().isAfter(started)) {
                    t = t.plusDays(1);
                }
                yield weekday(t).toInstant();
            }
        };
    }

    /**
     * The date of the last session that has closed by {@code now} in {@code zone}: today once it
     * is past {@link #CLOSE} on a weekday, else the weekday before (holidays not known).
     */
    public static LocalDate lastSession(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        LocalDate day = local.toLocalDate();
        if (!isWeekday(local) || local.toLocalTime().isBefore(CLOSE)) {
            day = day.minusDays(1);
        }
        while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            day = day.minusDays(1);
        }
        return day;
    }

    /** {@code t} when the market is open then, else the next open. */
    private Instant whileOpen(Instant t) {
        ZonedDateTime local = t.atZone(zone);
        if (isWeekday(local) && !local.toLocalTime().isBefore(OPEN) && local.toLocalTime().isBefore(CLOSE)) {
            return t;
        }
        ZonedDateTime open = local.with(OPEN);
        if (!open.isAfter(local)) {
            open = open.plusDays(1);
        }
        return weekday(open).toInstant();
    }

    private static ZonedDateTime weekday(ZonedDateTime t) {
        while (!isWeekday(t)) {
            t = t.plusDays(1);
        }
        return t;
    }

    private static boolean isWeekday(ZonedDateTime t) {
        return t.getDayOfWeek() != DayOfWeek.SATURDAY && t.getDayOfWeek() != DayOfWeek.SUNDAY;
    }
}
