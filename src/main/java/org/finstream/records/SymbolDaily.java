package org.finstream.records;

import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One row of per-symbol daily metrics (METRICS.md section 3). {@code metrics} holds the values
 * named by {@code MetricsSpec.columns()} of the job's configuration, in that order; metrics
 * whose window is not full yet are null. A provisional row (from intraday prices, the latest
 * price standing in for the close) is replaced by the final row of the same symbol and date.
 */
public class SymbolDaily {
    private String symbol;
    @TypeInfo(LocalDateType.class)
    private LocalDate date;
    private long eventTime;
    private boolean provisional;
    private double close;
    private Double ret;
    private Double[] metrics;
    private double splitRatio = 1.0;
    private double dividend;

    public SymbolDaily() {}

    public String getSymbol() { return symbol; }
    public void setSymbol(String symbol) { this.symbol = symbol; }
    public LocalDate getDate() { return date; }
    public void setDate(LocalDate date) { this.date = date; }
    public long getEventTime() { return eventTime; }
    public void setEventTime(long eventTime) { this.eventTime = eventTime; }
    public boolean isProvisional() { return provisional; }
    public void setProvisional(boolean provisional) { this.provisional = provisional; }
    public double getClose() { return close; }
    public void setClose(double close) { this.close = close; }
    /** Total return r_d (null on the symbol's first day). */
    public Double getRet() { return ret; }
    public void setRet(Double ret) { this.ret = ret; }
    /** Combined split ratio of the corporate actions applied on this day (1 if none). */
    public double getSplitRatio() { return splitRatio; }
    public void setSplitRatio(double splitRatio) { this.splitRatio = splitRatio; }
    /** Combined dividend per post-split share of the actions applied on this day (0 if none). */
    public double getDividend() { return dividend; }
    public void setDividend(double dividend) { this.dividend = dividend; }
    public Double[] getMetrics() { return metrics; }
    public void setMetrics(Double[] metrics) { this.metrics = metrics; }

    @Override
    public String toString() {
        return "SymbolDaily{" + symbol + " " + date + " close=" + close + " return=" + ret
                + (provisional ? " provisional" : "") + "}";
    }
}
