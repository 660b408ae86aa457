package org.finstream.records;

/**
 * A price bar, a corporate action or a filing of one symbol: the single input type of the
 * per-symbol operators, which need several of them in one keyed stream (and the reference
 * symbols' bars and actions in one broadcast stream). Exactly one field is set.
 */
public class MarketEvent {
    private PriceBar bar;
    private CorporateAction action;
    private Filing filing;

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

    public static MarketEvent of(Filing filing) {
        MarketEvent e = new MarketEvent();
        e.filing = filing;
        return e;
    }

    public String symbol() {
        return bar != null ? bar.getSymbol() : action != null ? action.getSymbol() : filing.getSymbol();
    }

    public PriceBar getBar() { return bar; }
    public void setBar(PriceBar bar) { this.bar = bar; }
    public CorporateAction getAction() { return action; }
    public void setAction(CorporateAction action) { this.action = action; }
    public Filing getFiling() { return filing; }
    public void setFiling(Filing filing) { this.filing = filing; }
}
