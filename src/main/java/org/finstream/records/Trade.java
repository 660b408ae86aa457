package org.finstream.records;

import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A portfolio trade, quantity signed (+ buy, - sell). Trades have no natural key (two equal
 * fills on one day are legitimate), so they are never treated as duplicates.
 */
public class Trade implements InputEvent {
    private String portfolioId;
    private String symbol;
    @TypeInfo(LocalDateType.class)
    private LocalDate tradeDate;
    private double quantity;
    private double price;
    private SourceRef origin;

    public Trade() {}

    public Trade(String portfolioId, String symbol, LocalDate tradeDate, double quantity, double price) {
        this.portfolioId = portfolioId;
        this.symbol = symbol;
        this.tradeDate = tradeDate;
        this.quantity = quantity;
        this.price = price;
    }

    @Override
    public String entityKey() {
        return portfolioId;
    }

    @Override
    public String dedupKey() {
        return null;
    }

    @Override
    public long fingerprint() {
        return new Fingerprint().add(portfolioId).add(symbol).add(tradeDate).add(quantity).add(price).value();
    }

    @Override
    public long eventTime() {
        return EventTimes.startOfDay(tradeDate);
    }

    public String getPortfolioId() { return portfolioId; }
    public void setPortfolioId(String portfolioId) { this.portfolioId = portfolioId; }
    public String getSymbol() { return symbol; }
    public void setSymbol(String symbol) { this.symbol = symbol; }
    public LocalDate getTradeDate() { return tradeDate; }
    public void setTradeDate(LocalDate tradeDate) { this.tradeDate = tradeDate; }
    public double getQuantity() { return quantity; }
    public void setQuantity(double quantity) { this.quantity = quantity; }
    public double getPrice() { return price; }
    public void setPrice(double price) { this.price = price; }
    @Override public SourceRef getOrigin() { return origin; }
    @Override public void setOrigin(SourceRef origin) { this.origin = origin; }
}
