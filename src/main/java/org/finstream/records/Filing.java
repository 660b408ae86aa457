package org.finstream.records;

import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/** The normalized facts of one SEC 10-Q/10-K (or amendment); event time is its filing date. */
public class Filing implements InputEvent {
    private String symbol;
    private String cik;
    private String form;
    private String accession;
    @TypeInfo(LocalDateType.class)
    private LocalDate filed;
    private int fiscalYear;
    private String fiscalPeriod;
    private Fact[] facts;
    private SourceRef origin;

    public Filing() {}

    public Filing(String symbol, String cik, String form, String accession, LocalDate filed,
                  int fiscalYear, String fiscalPeriod, Fact[] facts) {
        this.symbol = symbol;
        this.cik = cik;
        this.form = form;
        this.accession = accession;
        this.filed = filed;
        this.fiscalYear = fiscalYear;
        this.fiscalPeriod = fiscalPeriod;
        this.facts = facts;
    }

    @Override
    public String entityKey() {
        return symbol;
    }

    @Override
    public String dedupKey() {
        return accession;
    }

    @Override
    public long fingerprint() {
        Fingerprint fp = new Fingerprint().add(symbol).add(cik).add(form).add(accession).add(filed)
                .add(fiscalYear).add(fiscalPeriod);
        for (Fact f : facts) {
            fp.add(f.hashCode());
        }
        return fp.value();
    }

    @Override
    public long eventTime() {
        return EventTimes.startOfDay(filed);
    }

    public String getSymbol() { return symbol; }
    public void setSymbol(String symbol) { this.symbol = symbol; }
    public String getCik() { return cik; }
    public void setCik(String cik) { this.cik = cik; }
    public String getForm() { return form; }
    public void setForm(String form) { this.form = form; }
    public String getAccession() { return accession; }
    public void setAccession(String accession) { this.accession = accession; }
    public LocalDate getFiled() { return filed; }
    public void setFiled(LocalDate filed) { this.filed = filed; }
    public int getFiscalYear() { return fiscalYear; }
    public void setFiscalYear(int fiscalYear) { this.fiscalYear = fiscalYear; }
    public String getFiscalPeriod() { return fiscalPeriod; }
    public void setFiscalPeriod(String fiscalPeriod) { this.fiscalPeriod = fiscalPeriod; }
    public Fact[] getFacts() { return facts; }
    public void setFacts(Fact[] facts) { this.facts = facts; }
    @Override public SourceRef getOrigin() { return origin; }
    @Override public void setOrigin(SourceRef origin) { this.origin = origin; }
}
