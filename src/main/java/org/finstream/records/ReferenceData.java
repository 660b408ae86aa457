package org.finstream.records;

/**
 * Company reference data. It has no event time: the latest record per symbol wins, so a
 * changed record is an update, never a conflicting duplicate.
 */
public class ReferenceData implements InputEvent {
    private String symbol;
    private String name;
    private String sector;
    private String industry;
    private String cik;
    private SourceRef origin;

    public ReferenceData() {}

    public ReferenceData(String symbol, String name, String sector, String industry, String cik) {
        this.symbol = symbol;
        this.name = name;
        this.sector = sector;
        this.industry = industry;
        this.cik = cik;
    }

    @Override
    public String entityKey() {
        return symbol;
    }

    @Override
    public String dedupKey() {
        return null;
    }

    @Override
    public long fingerprint() {
        return new Fingerprint().add(symbol).add(name).add(sector).add(industry).add(cik).value();
    }

    @Override
    public long eventTime() {
        return NO_EVENT_TIME;
    }

    public String getSymbol() { return symbol; }
    public void setSymbol(String symbol) { this.symbol = symbol; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getSector() { return sector; }
    public void setSector(String sector) { this.sector = sector; }
    public String getIndustry() { return industry; }
    public void setIndustry(String industry) { this.industry = industry; }
    public String getCik() { return cik; }
    public void setCik(String cik) { this.cik = cik; }
    @Override public SourceRef getOrigin() { return origin; }
    @Override public void setOrigin(SourceRef origin) { this.origin = origin; }
}
