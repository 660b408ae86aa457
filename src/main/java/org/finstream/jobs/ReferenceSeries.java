package org.finstream.jobs;

import java.util.Arrays;
import java.util.Comparator;
import java.util.TreeMap;
import org.finstream.analytics.TotalReturn;
import org.finstream.records.CorporateAction;
import org.finstream.records.PriceBar;

/**
 * Broadcast state: the recent daily bars, corporate actions and latest intraday bar of one
 * reference symbol (benchmark, rates proxy, spread leg), from which every symbol's operator
 * reads the reference's total return on a date. The return is computed exactly as the
 * symbol's own keyed state computes it: against the previous bar, with the actions of the
 * ex-dates after that bar and on or before the date, combined in ex-date order.
 *
 * <p>Bounded by {@link #prune}: once the watermark has passed a day, every operator has closed
 * that day, so only the last closed bar (the previous close of the next day) and what follows
 * it are kept.
 *
 * <p>A Flink POJO: the getters and setters exist for the serializer.
 */
public class ReferenceSeries {
    private static final Comparator<PriceBar> BY_DATE = Comparator.comparing(PriceBar::getDate);

    /** Daily bars, ascending by date. */
    private PriceBar[] bars = new PriceBar[0];
    private CorporateAction[] actions = new CorporateAction[0];
    /** The intraday bar with the latest timestamp of the latest trading date seen intraday. */
    private PriceBar intraday;

    public ReferenceSeries() {}

    public void add(PriceBar bar) {
        if (bar.isIntraday()) {
            if (intraday == null || bar.getDate().isAfter(intraday.getDate())
                    || (bar.getDate().equals(intraday.getDate()) && bar.getTs().isAfter(intraday.getTs()))) {
                intraday = bar;
            }
            return;
        }
        PriceBar[] grown = Arrays.copyOf(bars, bars.length + 1);
        grown[bars.length] = bar;
        Arrays.sort(grown, BY_DATE);
        bars = grown;
    }

    public void add(CorporateAction action) {
        actions = Arrays.copyOf(actions, actions.length + 1);
        actions[actions.length - 1] = action;
    }

    /** Drops what no day after the watermark can need. */
    public void prune(long watermark) {
        int lastClosed = -1;
        for (int i = 0; i < bars.length; i++) {
            if (bars[i].eventTime() <= watermark) {
                lastClosed = i;
            }
        }
        if (lastClosed < 0) {
            return;
        }
        long closedDay = bars[lastClosed].getDate().toEpochDay();
        bars = Arrays.copyOfRange(bars, lastClosed, bars.length);
        actions = Arrays.stream(actions).filter(a -> a.getExDate().toEpochDay() > closedDay)
                .toArray(CorporateAction[]::new);
        if (intraday != null && intraday.getDate().toEpochDay() <= closedDay) {
            intraday = null;
        }
    }

    /** The total return on {@code day} from its daily bar; null without a bar that day or before it. */
    public Double returnOn(long day) {
        int i = indexOf(day);
        return i > 0 ? returnAgainst(bars[i - 1], day, bars[i].getClose()) : null;
    }

    /**
     * The return on {@code day} from its daily bar when there is one, else from its latest
     * intraday price; null when neither or no earlier bar is known.
     */
    public Double provisionalReturnOn(long day) {
        int i = indexOf(day);
        if (i >= 0) {
            return returnOn(day);
        }
        if (intraday == null || intraday.getDate().toEpochDay() != day) {
            return null;
        }
        PriceBar previous = null;
        for (PriceBar b : bars) {
            if (b.getDate().toEpochDay() < day) {
                previous = b;
            }
        }
        return previous == null ? null : returnAgainst(previous, day, intraday.getClose());
    }

    private Double returnAgainst(PriceBar previous, long day, double close) {
        long after = previous.getDate().toEpochDay();
        TreeMap<Long, PendingActions> due = new TreeMap<>();
        for (CorporateAction a : actions) {
            long exDate = a.getExDate().toEpochDay();
            if (exDate > after && exDate <= day) {
                due.computeIfAbsent(exDate, d -> new PendingActions()).add(a);
            }
        }
        PendingActions applied = PendingActions.inOrder(due);
        return TotalReturn.of(previous.getClose(), close, applied.getSplitRatio(), applied.getDividend());
    }

    private int indexOf(long day) {
        for (int i = 0; i < bars.length; i++) {
            if (bars[i].getDate().toEpochDay() == day) {
                return i;
            }
        }
        return -1;
    }

    /** Number of daily bars held (for tests of boundedness). */
    public int size() {
        return bars.length;
    }

    public PriceBar[] getBars() { return bars; }
    public void setBars(PriceBar[] bars) { this.bars = bars; }
    public CorporateAction[] getActions() { return actions; }
    public void setActions(CorporateAction[] actions) { this.actions = actions; }
    public PriceBar getIntraday() { return intraday; }
    public void setIntraday(PriceBar intraday) { this.intraday = intraday; }
}
