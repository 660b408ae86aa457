package org.finstream.generator;

import java.time.LocalDate;

/**
 * One fiscal quarter of a company: its flows over [start, end] and its balance sheet at end,
 * indexed by {@link Concept#ordinal()} (dollars, shares, EPS in cents).
 */
record Quarter(int fiscalYear, int fiscalQuarter, LocalDate start, LocalDate end, long[] values) {

    long value(Concept c) {
        return values[c.ordinal()];
    }
}
