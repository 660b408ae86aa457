package org.finstream.report;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Axis ticks: round values 1, 2 or 5 x 10^k apart, and dates on day, week or month starts. */
final class Ticks {
    private static final int[] DAY_STEPS = {1, 2, 7, 14};
    private static final int[] MONTH_STEPS = {1, 2, 3, 6, 12, 24, 60};
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ROOT);
    private static final DateTimeFormatter YEAR = DateTimeFormatter.ofPattern("yyyy", Locale.ROOT);

    /** A value axis: from {@code min} to {@code max} in steps of {@code step}. */
    record Values(double min, double max, double step) {
        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            long n = Math.round((max - min) / step);
            for (long i = 0; i <= n; i++) {
                ticks.add(min + i * step);
            }
            return ticks;
        }

        double magnitude() {
            return Math.max(Math.abs(min), Math.abs(max));
        }
    }

    /** A date tick and its label. */
    record DateTick(LocalDate date, String label) {}

    private Ticks() {}

    /** About {@code target} round steps covering [lo, hi]; a single value gets a margin around it. */
    static Values values(double lo, double hi, int target) {
        if (lo == hi) {
            double margin = lo == 0 ? 1 : Math.abs(lo) * 0.05;
            lo -= margin;
            hi += margin;
        }
        double raw = (hi - lo) / target;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
        return new Values(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step);
    }

    /** At most about seven ticks within [first, last]. */
    static List<DateTick> dates(LocalDate first, LocalDate last) {
        long days = ChronoUnit.DAYS.between(first, last);
        List<DateTick> ticks = new ArrayList<>();
        if (days <= 70) {
            int step = pick(DAY_STEPS, days, 8);
            LocalDate d = step >= 7 ? first.plusDays((8 - first.getDayOfWeek().getValue()) % 7) : first;
            for (; !d.isAfter(last); d = d.plusDays(step)) {
                ticks.add(new DateTick(d, DAY.format(d)));
            }
            return ticks;
        }
        int step = pick(MONTH_STEPS, ChronoUnit.MONTHS.between(first, last), 7);
        LocalDate d = first.withDayOfMonth(1).plusMonths(1);
        while ((d.getMonthValue() - 1) % Math.min(step, 12) != 0) {
            d = d.plusMonths(1);
        }
        for (; !d.isAfter(last); d = d.plusMonths(step)) {
            ticks.add(new DateTick(d, (step >= 12 ? YEAR : MONTH).format(d)));
        }
        return ticks;
    }

    private static int pick(int[] steps, long span, int maxTicks) {
        for (int s : steps) {
            if (span / s < maxTicks) {
                return s;
            }
        }
        return steps[steps.length - 1];
    }
}
