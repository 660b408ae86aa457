package org.finstream.generator;

import java.time.LocalDate;

/** The daily bars of every instrument (indexed like the universe) on one trading day, prices in {@link Ticks}. */
record DailyBars(int day, LocalDate date, long[] open, long[] high, long[] low, long[] close, long[] volume) {

    DailyBars(int day, LocalDate date, int instruments) {
        this(day, date, new long[instruments], new long[instruments], new long[instruments],
                new long[instruments], new long[instruments]);
    }
}
