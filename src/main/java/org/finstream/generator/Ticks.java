package org.finstream.generator;

import java.math.BigDecimal;

/**
 * Fixed-point prices: one tick is 0.0001 currency units. Prices are simulated and stored in
 * ticks so that every written price is exact and the validity checks (low <= close <= high)
 * hold for the written values, not only for the unrounded ones.
 */
final class Ticks {
    static final int SCALE = 4;
    static final long PER_UNIT = 10_000;

    private Ticks() {}

    static long of(double units) {
        return Math.round(units * PER_UNIT);
    }

    static double units(long ticks) {
        return ticks / (double) PER_UNIT;
    }

    /** Always four decimals, e.g. {@code 123.4500}. */
    static String format(long ticks) {
        return BigDecimal.valueOf(ticks, SCALE).toPlainString();
    }

    /** Without trailing zeros, e.g. {@code 0.24}. */
    static String formatCompact(long ticks) {
        return BigDecimal.valueOf(ticks, SCALE).stripTrailingZeros().toPlainString();
    }
}
