package org.finstream.generator;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Trading days: weekdays except New Year's Day, Independence Day, Thanksgiving and Christmas.
 * A holiday on a Saturday is observed on the Friday before, on a Sunday on the Monday after,
 * except New Year's Day on a Saturday, which is not observed (as on the NYSE). Other exchange
 * holidays are deliberately ignored.
 */
final class TradingCalendar {
    private TradingCalendar() {}

    /** The first {@code count} trading days on or after {@code start}. */
    static List<LocalDate> tradingDays(LocalDate start, int count) {
        List<LocalDate> days = new ArrayList<>(count);
        for (LocalDate d = start; days.size() < count; d = d.plusDays(1)) {
            if (isTradingDay(d)) {
                days.add(d);
            }
        }
        return List.copyOf(days);
    }

    static boolean isTradingDay(LocalDate d) {
        return !isWeekend(d) && !isHoliday(d);
    }

    static boolean isWeekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    static boolean isHoliday(LocalDate d) {
        return d.equals(observed(LocalDate.of(d.getYear(), Month.JANUARY, 1)))
                || d.equals(observed(LocalDate.of(d.getYear(), Month.JULY, 4)))
                || d.equals(observed(LocalDate.of(d.getYear(), Month.DECEMBER, 25)))
                || isThanksgiving(d);
    }

    /**
     * The index in {@code days} (sorted) of the first trading day on or after {@code date};
     * {@code days.size()} when there is none.
     */
    static int indexOnOrAfter(List<LocalDate> days, LocalDate date) {
        int i = Collections.binarySearch(days, date);
        return i >= 0 ? i : -i - 1;
    }

    /** Saturday to the Friday before (New Year: to the previous year, so never matched), Sunday to Monday. */
    private static LocalDate observed(LocalDate holiday) {
        return switch (holiday.getDayOfWeek()) {
            case SATURDAY -> holiday.minusDays(1);
            case SUNDAY -> holiday.plusDays(1);
            default -> holiday;
        };
    }

    /** The fourth Thursday of November. */
    private static boolean isThanksgiving(LocalDate d) {
        return d.getMonth() == Month.NOVEMBER && d.getDayOfWeek() == DayOfWeek.THURSDAY
                && d.getDayOfMonth() >= 22 && d.getDayOfMonth() <= 28;
    }
}
