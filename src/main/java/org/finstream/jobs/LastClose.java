package org.finstream.jobs;

/** Keyed state: the symbol's previous trading day and its close. */
public class LastClose {
    private long epochDay;
    private double close;

    public LastClose() {}

    public LastClose(long epochDay, double close) {
        this.epochDay = epochDay;
        this.close = close;
    }

    public long getEpochDay() { return epochDay; }
    public void setEpochDay(long epochDay) { this.epochDay = epochDay; }
    public double getClose() { return close; }
    public void setClose(double close) { this.close = close; }
}
