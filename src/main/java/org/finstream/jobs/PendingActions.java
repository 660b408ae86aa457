package org.finstream.jobs;

import java.util.SortedMap;
import org.finstream.records.ActionType;
import org.finstream.records.CorporateAction;

/** Keyed state: the corporate actions of one ex-date, combined (splits multiply, dividends add). */
public class PendingActions {
    private double splitRatio = 1.0;
    private double dividend;

    public PendingActions() {}

    public void add(CorporateAction action) {
        if (action.getType() == ActionType.SPLIT) {
            splitRatio *= action.getValue();
        } else {
            dividend += action.getValue();
        }
    }

    /**
     * Folds in the actions of a later ex-date before the same trading day. One share held
     * through splits s1 then s2 with dividends D1 (per share after s1) and D2 (per share after
     * s2) is worth s1*s2*c + s1*D1 + s1*s2*D2, i.e. a single split s1*s2 with dividend D1/s2 + D2.
     */
    public void addLater(PendingActions later) {
        splitRatio *= later.splitRatio;
        dividend = dividend / later.splitRatio + later.dividend;
    }

    /** The actions of several ex-dates combined in ex-date order ({@link #addLater}). */
    public static PendingActions inOrder(SortedMap<Long, PendingActions> byExDate) {
        PendingActions combined = new PendingActions();
        byExDate.values().forEach(combined::addLater);
        return combined;
    }

    public double getSplitRatio() { return splitRatio; }
    public void setSplitRatio(double splitRatio) { this.splitRatio = splitRatio; }
    public double getDividend() { return dividend; }
    public void setDividend(double dividend) { this.dividend = dividend; }
}
