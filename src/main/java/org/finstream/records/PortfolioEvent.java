package org.finstream.records;

/**
 * The input of the portfolio stages: a symbol's daily row, a trade, reference data (keyed by
 * symbol, for the fan-out) or a tick (keyed by portfolio). Exactly one field is set.
 */
public class PortfolioEvent {
    private SymbolDaily row;
    private Trade trade;
    private ReferenceData reference;
    private PortfolioTick tick;

    public PortfolioEvent() {}

    public static PortfolioEvent of(SymbolDaily row) {
        PortfolioEvent e = new PortfolioEvent();
        e.row = row;
        return e;
    }

    public static PortfolioEvent of(Trade trade) {
        PortfolioEvent e = new PortfolioEvent();
        e.trade = trade;
        return e;
    }

    public static PortfolioEvent of(ReferenceData reference) {
        PortfolioEvent e = new PortfolioEvent();
        e.reference = reference;
        return e;
    }

    public static PortfolioEvent of(PortfolioTick tick) {
        PortfolioEvent e = new PortfolioEvent();
        e.tick = tick;
        return e;
    }

    /** The symbol the event is about. */
    public String symbol() {
        return row != null ? row.getSymbol() : trade != null ? trade.getSymbol()
                : reference != null ? reference.getSymbol() : tick.getSymbol();
    }

    /** The portfolio the event is for (trades and ticks). */
    public String portfolioId() {
        return trade != null ? trade.getPortfolioId() : tick.getPortfolioId();
    }

    public SymbolDaily getRow() { return row; }
    public void setRow(SymbolDaily row) { this.row = row; }
    public Trade getTrade() { return trade; }
    public void setTrade(Trade trade) { this.trade = trade; }
    public ReferenceData getReference() { return reference; }
    public void setReference(ReferenceData reference) { this.reference = reference; }
    public PortfolioTick getTick() { return tick; }
    public void setTick(PortfolioTick tick) { this.tick = tick; }
}
