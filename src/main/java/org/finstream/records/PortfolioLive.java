package org.finstream.records;

import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A portfolio's market value and P&L for the day against the previous close: provisional from
 * live (intraday) prices while the market is open, final at the day's close.
 */
public class PortfolioLive {
    private String portfolioId;
    @TypeInfo(LocalDateType.class)
    private LocalDate date;
    private long eventTime;
    private boolean provisional;
    private double marketValue;
    private double pnl;
    /** The day is no longer a portfolio day: delete its live row. Only the key is set. */
    private boolean retracted;

    public PortfolioLive() {}

    public String getPortfolioId() { return portfolioId; }
    public void setPortfolioId(String portfolioId) { this.portfolioId = portfolioId; }
    public LocalDate getDate() { return date; }
    public void setDate(LocalDate date) { this.date = date; }
    public long getEventTime() { return eventTime; }
    public void setEventTime(long eventTime) { this.eventTime = eventTime; }
    public boolean isProvisional() { return provisional; }
    public void setProvisional(boolean provisional) { this.provisional = provisional; }
    public double getMarketValue() { return marketValue; }
    public void setMarketValue(double marketValue) { this.marketValue = marketValue; }
    public double getPnl() { return pnl; }
    public void setPnl(double pnl) { this.pnl = pnl; }
    public boolean isRetracted() { return retracted; }
    public void setRetracted(boolean retracted) { this.retracted = retracted; }
}
