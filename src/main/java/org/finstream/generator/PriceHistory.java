package org.finstream.generator;

import java.time.LocalDate;
import java.util.List;

/**
 * What later stages need from the simulated prices: the trading days, every raw close (in
 * {@link Ticks}, {@code close[instrument][day]}) and the corporate actions sorted by ex-date,
 * then instrument.
 */
record PriceHistory(List<LocalDate> days, long[][] close, List<Action> actions) {

    long close(int instrument, int day) {
        return close[instrument][day];
    }
}
