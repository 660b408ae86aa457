package org.finstream.records;

import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/** The correlation of two symbols held by a portfolio, as of a portfolio day (symbolA < symbolB). */
public class PortfolioCorrelation {
    private String portfolioId;
    @TypeInfo(LocalDateType.class)
    private LocalDate date;
    private long eventTime;
    private String symbolA;
    private String symbolB;
    private Double correlation;
    /**
     * Clears the portfolio's pairs: the pairs that follow are its whole current set. Only
     * portfolio and date are set.
     */
    private boolean retracted;

    public PortfolioCorrelation() {}

    public String getPortfolioId() { return portfolioId; }
    public void setPortfolioId(String portfolioId) { this.portfolioId = portfolioId; }
    public LocalDate getDate() { return date; }
    public void setDate(LocalDate date) { this.date = date; }
    public long getEventTime() { return eventTime; }
    public void setEventTime(long eventTime) { this.eventTime = eventTime; }
    public String getSymbolA() { return symbolA; }
    public void setSymbolA(String symbolA) { this.symbolA = symbolA; }
    public String getSymbolB() { return symbolB; }
    public void setSymbolB(String symbolB) { this.symbolB = symbolB; }
    public Double getCorrelation() { return correlation; }
    public void setCorrelation(Double correlation) { this.correlation = correlation; }
    public boolean isRetracted() { return retracted; }
    public void setRetracted(boolean retracted) { this.retracted = retracted; }
}
