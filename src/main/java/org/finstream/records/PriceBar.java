package org.finstream.records;

import java.time.Instant;
import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A daily bar ({@code ts == null}) or an intraday bar ({@code ts} set, {@code date} the
 * exchange-local trading date of {@code ts}). Daily bars take the last millisecond of their
 * date as event time, intraday bars their timestamp.
 */
public class PriceBar implements InputEvent {
    private String symbol;
    @TypeInfo(LocalDateType.class)
    private LocalDate date;
    private Instant ts;
    private double open;
    private double high;
    private double low;
    private double close;
    private double volume;
    private SourceRef origin;

    public PriceBar() {}

    public PriceBar(String symbol, LocalDate date, Instant ts, double open, double high, double low,
                    double close, double volume) {
        this.symbol = symbol;
        this.date = date;
        this.ts = ts;
        this.open = open;
        this.high = high;
        this.low = low;
        this.close = close;
        this.volume = volume;
    }

    public boolean isIntraday() {
        return ts != null;
    }

    @Override
    public String entityKey() {
        return symbol;
    }

    @Override
    public String dedupKey() {
        return ts == null ? "D" + date : "T" + ts;
    }

    @Override
    public boolean shortLivedKey() {
        return ts != null;
    }

    @Override
    public long fingerprint() {
        return new Fingerprint().add(symbol).add(date).add(ts).add(open).add(high).add(low)
                .add(close).add(volume).value();
    }

    @Override
    public long eventTime() {
        return ts == null ? EventTimes.endOfDay(date) : ts.toEpochMilli();
    }

    public String getSymbol() { return symbol; }
    public void setSymbol(String symbol) { this.symbol = symbol; }
    public LocalDate getDate() { return date; }
    public void setDate(LocalDate date) { this.date = date; }
    public Instant getTs() { return ts; }
    public void setTs(Instant ts) { this.ts = ts; }
    public double getOpen() { return open; }
    public void setOpen(double open) { this.open = open; }
    public double getHigh() { return high; }
    public void setHigh(double high) { this.high = high; }
    public double getLow() { return low; }
    public void setLow(double low) { this.low = low; }
    public double getClose() { return close; }
    public void setClose(double close) { this.close = close; }
    public double getVolume() { return volume; }
    public void setVolume(double volume) { this.volume = volume; }
    @Override public SourceRef getOrigin() { return origin; }
    @Override public void setOrigin(SourceRef origin) { this.origin = origin; }

    @Override
    public String toString() {
        return "PriceBar{" + symbol + " " + (ts == null ? date : ts) + " o=" + open + " h=" + high
                + " l=" + low + " c=" + close + " v=" + volume + "}";
    }
}
