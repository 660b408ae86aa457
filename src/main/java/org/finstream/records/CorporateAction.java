package org.finstream.records;

import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/** A split or cash dividend; event time is the start of its ex-date. */
public class CorporateAction implements InputEvent {
    private String symbol;
    @TypeInfo(LocalDateType.class)
    private LocalDate exDate;
    private ActionType type;
    private double value;
    private SourceRef origin;

    public CorporateAction() {}

    public CorporateAction(String symbol, LocalDate exDate, ActionType type, double value) {
        this.symbol = symbol;
        this.exDate = exDate;
        this.type = type;
        this.value = value;
    }

    @Override
    public String entityKey() {
        return symbol;
    }

    @Override
    public String dedupKey() {
        return exDate + "/" + type;
    }

    @Override
    public long fingerprint() {
        return new Fingerprint().add(symbol).add(exDate).add(type.name()).add(value).value();
    }

    @Override
    public long eventTime() {
        return EventTimes.startOfDay(exDate);
    }

    public String getSymbol() { return symbol; }
    public void setSymbol(String symbol) { this.symbol = symbol; }
    public LocalDate getExDate() { return exDate; }
    public void setExDate(LocalDate exDate) { this.exDate = exDate; }
    public ActionType getType() { return type; }
    public void setType(ActionType type) { this.type = type; }
    public double getValue() { return value; }
    public void setValue(double value) { this.value = value; }
    @Override public SourceRef getOrigin() { return origin; }
    @Override public void setOrigin(SourceRef origin) { this.origin = origin; }

    @Override
    public String toString() {
        return "CorporateAction{" + symbol + " " + exDate + " " + type + " " + value + "}";
    }
}
