package org.finstream.records;

import java.time.LocalDate;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One row of fundamentals (METRICS.md section 4) of a symbol at a filing period end: TTM
 * values, balance items, growth and filing signals. {@code values} holds {@link #COLUMNS} in
 * order, null when unknown.
 */
public class FundamentalsRow {
    /** The double-valued columns, in the order of {@link #getValues()}. */
    public static final List<String> COLUMNS = List.of("revenue_ttm", "gross_profit_ttm", "operating_income_ttm",
            "net_income_ttm", "eps_ttm", "operating_cash_flow_ttm", "capex_ttm", "fcf_ttm", "ebitda_ttm",
            "depreciation_amortization_ttm", "shares_outstanding", "total_assets", "total_liabilities",
            "current_assets", "current_liabilities", "stockholders_equity", "retained_earnings", "cash", "total_debt",
            "revenue_growth_yoy", "eps_growth_yoy", "altman_z");

    private String symbol;
    @TypeInfo(LocalDateType.class)
    private LocalDate periodEnd;
    private long eventTime;
    private String form;
    private String accession;
    private int fiscalYear;
    private String fiscalPeriod;
    @TypeInfo(LocalDateType.class)
    private LocalDate filed;
    private Double[] values;
    private Integer piotroskiF;

    public FundamentalsRow() {}

    /** The value of a column of {@link #COLUMNS}. */
    public Double value(String column) {
        int i = COLUMNS.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no fundamentals column " + column);
        }
        return values[i];
    }

    public String getSymbol() { return symbol; }
    public void setSymbol(String symbol) { this.symbol = symbol; }
    public LocalDate getPeriodEnd() { return periodEnd; }
    public void setPeriodEnd(LocalDate periodEnd) { this.periodEnd = periodEnd; }
    public long getEventTime() { return eventTime; }
    public void setEventTime(long eventTime) { this.eventTime = eventTime; }
    public String getForm() { return form; }
    public void setForm(String form) { this.form = form; }
    public String getAccession() { return accession; }
    public void setAccession(String accession) { this.accession = accession; }
    public int getFiscalYear() { return fiscalYear; }
    public void setFiscalYear(int fiscalYear) { this.fiscalYear = fiscalYear; }
    public String getFiscalPeriod() { return fiscalPeriod; }
    public void setFiscalPeriod(String fiscalPeriod) { this.fiscalPeriod = fiscalPeriod; }
    public LocalDate getFiled() { return filed; }
    public void setFiled(LocalDate filed) { this.filed = filed; }
    public Double[] getValues() { return values; }
    public void setValues(Double[] values) { this.values = values; }
    public Integer getPiotroskiF() { return piotroskiF; }
    public void setPiotroskiF(Integer piotroskiF) { this.piotroskiF = piotroskiF; }

    @Override
    public String toString() {
        return "FundamentalsRow{" + symbol + " " + periodEnd + " " + form + " " + accession + " filed " + filed + "}";
    }
}
