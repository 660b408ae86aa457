package org.finstream.generator;

import org.finstream.records.ActionType;

/**
 * A corporate action of the simulation.
 *
 * @param instrument index into the universe
 * @param day        index of the ex-date among the trading days
 * @param value      a split's new shares per old share, or a dividend's cash per share in {@link Ticks}
 */
record Action(int instrument, int day, ActionType type, long value) {

    boolean isSplit() {
        return type == ActionType.SPLIT;
    }

    /** The {@code value} column of {@code corporate_actions.csv}. */
    String formattedValue() {
        return isSplit() ? Long.toString(value) : Ticks.formatCompact(value);
    }
}
