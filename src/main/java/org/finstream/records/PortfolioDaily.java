package org.finstream.records;

import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One row of portfolio results (METRICS.md section 6) on a portfolio day. {@code metrics}
 * holds the aggregated per-symbol metrics named by the job's configuration
 * ({@code MetricsSpec.portfolioColumns()}); {@code sectors} and {@code sectorWeights} the
 * sector weights by column suffix.
 */
public class PortfolioDaily {
    private String portfolioId;
    @TypeInfo(LocalDateType.class)
    private LocalDate date;
    private long eventTime;
    private double marketValue;
    private double grossExposure;
    private double pnl;
    private double equity;
    private Double ret;
    private Double vol63;
    private Double top5Weight;
    private Double hhi;
    private Double[] metrics;
    private String[] sectors;
    private double[] sectorWeights;
    /** The day is no longer a portfolio day (a back-dated trade removed it): delete its row. Only the key is set. */
    private boolean retracted;

    public PortfolioDaily() {}

    public String getPortfolioId() { return portfolioId; }
    public void setPortfolioId(String portfolioId) { this.portfolioId = portfolioId; }
    public LocalDate getDate() { return date; }
    public void setDate(LocalDate date) { this.date = date; }
    public long getEventTime() { return eventTime; }
    public void setEventTime(long eventTime) { this.eventTime = eventTime; }
    public double getMarketValue() { return marketValue; }
    public void setMarketValue(double marketValue) { this.marketValue = marketValue; }
    public double getGrossExposure() { return grossExposure; }
    public void setGrossExposure(double grossExposure) { this.grossExposure = grossExposure; }
    public double getPnl() { return pnl; }
    public void setPnl(double pnl) { this.pnl = pnl; }
    public double getEquity() { return equity; }
    public void setEquity(double equity) { this.equity = equity; }
    public Double getRet() { return ret; }
    public void setRet(Double ret) { this.ret = ret; }
    public Double getVol63() { return vol63; }
    public void setVol63(Double vol63) { this.vol63 = vol63; }
    public Double getTop5Weight() { return top5Weight; }
    public void setTop5Weight(Double top5Weight) { this.top5Weight = top5Weight; }
    public Double getHhi() { return hhi; }
    public void setHhi(Double hhi) { this.hhi = hhi; }
    public Double[] getMetrics() { return metrics; }
    public void setMetrics(Double[] metrics) { this.metrics = metrics; }
    public String[] getSectors() { return sectors; }
    public void setSectors(String[] sectors) { this.sectors = sectors; }
    public double[] getSectorWeights() { return sectorWeights; }
    public void setSectorWeights(double[] sectorWeights) { this.sectorWeights = sectorWeights; }
    public boolean isRetracted() { return retracted; }
    public void setRetracted(boolean retracted) { this.retracted = retracted; }
}
