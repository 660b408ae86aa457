package org.finstream.records;

import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One row of valuation ratios (METRICS.md section 5) of a symbol on a trading day, final (at
 * the close) or provisional (a live price). {@code values} holds the ratio columns of
 * {@code Valuation.COLUMNS} in order, null when unknown.
 */
public class ValuationRow {
    private String symbol;
    @TypeInfo(LocalDateType.class)
    private LocalDate date;
    private long eventTime;
    private boolean provisional;
    private double price;
    private Double[] values;

    public ValuationRow() {}

    public String getSymbol() { return symbol; }
    public void setSymbol(String symbol) { this.symbol = symbol; }
    public LocalDate getDate() { return date; }
    public void setDate(LocalDate date) { this.date = date; }
    public long getEventTime() { return eventTime; }
    public void setEventTime(long eventTime) { this.eventTime = eventTime; }
    public boolean isProvisional() { return provisional; }
    public void setProvisional(boolean provisional) { this.provisional = provisional; }
    public double getPrice() { return price; }
    public void setPrice(double price) { this.price = price; }
    public Double[] getValues() { return values; }
    public void setValues(Double[] values) { this.values = values; }

    @Override
    public String toString() {
        return "ValuationRow{" + symbol + " " + date + " price=" + price + (provisional ? " provisional" : "") + "}";
    }
}
