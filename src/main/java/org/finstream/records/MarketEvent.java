package org.finstream.records;

/**
 * A price bar or a corporate action of one symbol: the single input type of the per-symbol
 * metrics operator, which needs both in one keyed stream and both of the reference symbols in
 * one broadcast stream. Exactly one of the two fields is set.
 */
public class MarketEvent {
    private PriceBar bar;
    private CorporateAction action;

    public MarketEvent() {}

    public static MarketEvent of(PriceBar bar) {
        MarketEvent e = new MarketEvent();
        e.bar = bar;
        return e;
    }

    public static MarketEvent of(CorporateAction action) {
        MarketEvent e = new MarketEvent();
        e.action = action;
        return e;
    }

    public String symbol() {
        return bar != null ? bar.getSymbol() : action.getSymbol();
    }

    public PriceBar getBar() { return bar; }
    public void setBar(PriceBar bar) { this.bar = bar; }
    public CorporateAction getAction() { return action; }
    public void setAction(CorporateAction action) { this.action = action; }
}
