package org.finstream.records;

import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A symbol's final daily row routed to one portfolio that holds or trades the symbol: the
 * close, return, corporate actions and metrics computed once per symbol, plus, for a portfolio
 * that just started holding the symbol, the symbol's recent return history.
 */
public class PortfolioTick {
    private String portfolioId;
    private String symbol;
    @TypeInfo(LocalDateType.class)
    private LocalDate date;
    private long eventTime;
    /** A live price (from an intraday bar) rather than the day's final row. */
    private boolean provisional;
    /**
     * The symbol's last row carried to a portfolio that started holding it on a day without a
     * bar of the symbol: it prices the new position but does not make that day a portfolio day.
     */
    private boolean carried;
    /** Sent ahead of a back-dated trade: the day may be closed already. */
    private boolean correction;
    private double close;
    private Double ret;
    private double splitRatio = 1.0;
    private double dividend;
    private Double[] metrics;
    private String sector;
    /** Epoch days and returns of the symbol's last returns up to {@code date}, or null. */
    private long[] historyDays;
    private double[] historyReturns;

    public PortfolioTick() {}

    public String getPortfolioId() { return portfolioId; }
    public void setPortfolioId(String portfolioId) { this.portfolioId = portfolioId; }
    public String getSymbol() { return symbol; }
    public void setSymbol(String symbol) { this.symbol = symbol; }
    public LocalDate getDate() { return date; }
    public void setDate(LocalDate date) { this.date = date; }
    public long getEventTime() { return eventTime; }
    public void setEventTime(long eventTime) { this.eventTime = eventTime; }
    public boolean isProvisional() { return provisional; }
    public void setProvisional(boolean provisional) { this.provisional = provisional; }
    public boolean isCarried() { return carried; }
    public void setCarried(boolean carried) { this.carried = carried; }
    public boolean isCorrection() { return correction; }
    public void setCorrection(boolean correction) { this.correction = correction; }
    public double getClose() { return close; }
    public void setClose(double close) { this.close = close; }
    public Double getRet() { return ret; }
    public void setRet(Double ret) { this.ret = ret; }
    public double getSplitRatio() { return splitRatio; }
    public void setSplitRatio(double splitRatio) { this.splitRatio = splitRatio; }
    public double getDividend() { return dividend; }
    public void setDividend(double dividend) { this.dividend = dividend; }
    public Double[] getMetrics() { return metrics; }
    public void setMetrics(Double[] metrics) { this.metrics = metrics; }
    public String getSector() { return sector; }
    public void setSector(String sector) { this.sector = sector; }
    public long[] getHistoryDays() { return historyDays; }
    public void setHistoryDays(long[] historyDays) { this.historyDays = historyDays; }
    public double[] getHistoryReturns() { return historyReturns; }
    public void setHistoryReturns(double[] historyReturns) { this.historyReturns = historyReturns; }
}
