package org.finstream.generator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes {@code filings.jsonl}: for every stock, a 10-Q for fiscal Q1, Q2 and Q3 (filed 25-45
 * days after the quarter end) and a 10-K per fiscal year (filed 55-75 days after the year end),
 * from {@code filingYears} fiscal years before the first trading day on, and nothing filed after the last
 * trading day. Filing dates are weekdays.
 *
 * <p>A 10-Q reports the income-statement concepts for the quarter and, for Q2 and Q3, year to
 * date; the cash-flow concepts only year to date. A 10-K reports every duration concept for the
 * fiscal year and the prior year (no Q4 quarter facts). Every filing reports the balance sheet
 * at its period end. About one filing in 25 is amended: the original misreports its latest
 * quarter and a {@code 10-Q/A} / {@code 10-K/A}, filed 20-60 days later with a new accession,
 * restates the affected facts; later filings carry the restated values. Filings are written in
 * order of filing date.
 */
final class FilingGenerator {
    static final double AMENDMENT_PROBABILITY = 1.0 / 25;
    private final List<Instrument> universe;
    private final PriceHistory prices;
    private final SplittableRandom rng;
    /** Fiscal years of filings before the fiscal year of the first trading day. */
    private final int filingYears;

    FilingGenerator(List<Instrument> universe, PriceHistory prices, SplittableRandom rng, int filingYears) {
        this.universe = universe;
        this.prices = prices;
        this.rng = rng;
        this.filingYears = filingYears;
    }

    /** One filing: the facts of {@code quarters.get(latest)}'s period, {@code override} replacing that quarter. */
    private record Filing(Instrument company, List<Quarter> quarters, int latest, String form, LocalDate filed,
                          Quarter override, String accession) {

        Filing withAccession(String value) {
            return new Filing(company, quarters, latest, form, filed, override, value);
        }

        Quarter quarter(int index) {
            return index == latest && override != null ? override : quarters.get(index);
        }

        long sum(Concept c, int from, int to) {
            long total = 0;
            for (int j = from; j <= to; j++) {
                total += quarter(j).value(c);
            }
            return total;
        }
    }

    void write(RowWriter out) throws IOException {
        List<Filing> filings = new ArrayList<>();
        for (int i = 0; i < universe.size(); i++) {
            if (!universe.get(i).isEtf()) {
                filings.addAll(companyFilings(i, rng.split()));
            }
        }
        filings.sort(Comparator.comparing(Filing::filed).thenComparing(f -> f.company().symbol())
                .thenComparing(Filing::accession));
        JsonFactory json = new JsonFactory();
        for (Filing f : filings) {
            out.row(toJson(json, f));
        }
    }

    private List<Filing> companyFilings(int index, SplittableRandom rng) {
        Instrument company = universe.get(index);
        List<LocalDate> days = prices.days();
        LocalDate lastDay = days.get(days.size() - 1);
        int fyeMonth = Draws.chance(rng, 0.8) ? 12 : Draws.chance(rng, 0.6) ? 9 : 1;
        int firstFiscalYear = Fundamentals.fiscalYearOf(days.get(0), fyeMonth) - filingYears;
        List<Quarter> quarters = Fundamentals.simulate(company, fyeMonth, firstFiscalYear - 1,
                Fundamentals.fiscalYearOf(lastDay, fyeMonth), end -> splitFactor(index, end), rng);
        List<Filing> drafts = new ArrayList<>();
        for (int j = 4; j < quarters.size(); j++) {
            boolean annual = quarters.get(j).fiscalQuarter() == 4;
            String form = annual ? "10-K" : "10-Q";
            LocalDate filed = annual ? filingDate(quarters.get(j).end(), 55, 75, rng)
                    : filingDate(quarters.get(j).end(), 25, 45, rng);
            if (filed.isAfter(lastDay)) {
                continue;
            }
            Quarter misreported = null;
            if (Draws.chance(rng, AMENDMENT_PROBABILITY)) {
                misreported = Fundamentals.misstate(quarters.get(j), rng);
                LocalDate amended = filingDate(filed, 20, 60, rng);
                if (!amended.isAfter(lastDay)) {
                    drafts.add(new Filing(company, quarters, j, form + "/A", amended, null, null));
                }
            }
            drafts.add(new Filing(company, quarters, j, form, filed, misreported, null));
        }
        drafts.sort(Comparator.comparing(Filing::filed));
        List<Filing> filings = new ArrayList<>(drafts.size());
        int year = -1;
        int sequence = 0;
        for (Filing f : drafts) {
            if (f.filed().getYear() != year) {
                year = f.filed().getYear();
                sequence = Draws.between(rng, 1, 40);
            } else {
                sequence += Draws.between(rng, 1, 25);
            }
            filings.add(f.withAccession(accession(company.cik(), year, sequence)));
        }
        return filings;
    }

    /** An accession number {@code CIK10-YY-NNNNNN}, e.g. {@code 0000320193-24-000069}. */
    static String accession(String cik, int year, int sequence) {
        return String.format("%s-%02d-%06d", cik, year % 100, sequence);
    }

    /** The product of the ratios of the instrument's splits with ex-date on or before {@code date}. */
    private double splitFactor(int instrument, LocalDate date) {
        double factor = 1;
        for (Action a : prices.actions()) {
            if (a.instrument() == instrument && a.isSplit() && !prices.days().get(a.day()).isAfter(date)) {
                factor *= a.value();
            }
        }
        return factor;
    }

    /** {@code minDays..maxDays} after {@code from}, moved off a weekend (never beyond maxDays). */
    private static LocalDate filingDate(LocalDate from, int minDays, int maxDays, SplittableRandom rng) {
        LocalDate d = from.plusDays(Draws.between(rng, minDays, maxDays - 2));
        return d.getDayOfWeek() == DayOfWeek.SATURDAY ? d.plusDays(2)
                : d.getDayOfWeek() == DayOfWeek.SUNDAY ? d.plusDays(1) : d;
    }

    private static String toJson(JsonFactory json, Filing f) throws IOException {
        Quarter q = f.quarter(f.latest());
        int first = f.latest() - (q.fiscalQuarter() - 1);
        LocalDate yearStart = f.quarters().get(first).start();
        boolean annual = q.fiscalQuarter() == 4;
        StringWriter text = new StringWriter();
        try (JsonGenerator g = json.createGenerator(text)) {
            writeHeader(g, f.company(), f.form(), f.accession(), f.filed().toString(), q.fiscalYear(),
                    annual ? "FY" : "Q" + q.fiscalQuarter());
            g.writeArrayFieldStart("facts");
            for (Concept c : Concept.values()) {
                if (c.kind() == Concept.Kind.INSTANT) {
                    writeFact(g, c, null, q.end(), q.value(c));
                } else if (annual) {
                    writeFact(g, c, yearStart, q.end(), f.sum(c, first, f.latest()));
                    writeFact(g, c, f.quarters().get(first - 4).start(), f.quarters().get(first - 1).end(),
                            f.sum(c, first - 4, first - 1));
                } else {
                    if (c.kind() == Concept.Kind.INCOME) {
                        writeFact(g, c, q.start(), q.end(), q.value(c));
                    }
                    if (c.kind() == Concept.Kind.CASH_FLOW || q.fiscalQuarter() > 1) {
                        writeFact(g, c, yearStart, q.end(), f.sum(c, first, f.latest()));
                    }
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return text.toString();
    }

    /**
     * Starts a filing object and writes its header fields; a {@code null} accession is left
     * out. {@code filed} is a string so that invalid records can carry an unparseable date.
     */
    static void writeHeader(JsonGenerator g, Instrument company, String form, String accession, String filed,
                            int fiscalYear, String fiscalPeriod) throws IOException {
        g.writeStartObject();
        g.writeStringField("symbol", company.symbol());
        g.writeStringField("cik", company.cik());
        g.writeStringField("form", form);
        if (accession != null) {
            g.writeStringField("accession", accession);
        }
        g.writeStringField("filed", filed);
        g.writeNumberField("fiscal_year", fiscalYear);
        g.writeStringField("fiscal_period", fiscalPeriod);
    }

    /** One fact; an instant has no {@code start}. */
    static void writeFact(JsonGenerator g, Concept c, LocalDate start, LocalDate end, long value)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("concept", c.key());
        if (start != null) {
            g.writeStringField("start", start.toString());
        }
        g.writeStringField("end", end.toString());
        g.writeFieldName("value");
        g.writeNumber(BigDecimal.valueOf(value, c.scale()));
        g.writeEndObject();
    }
}
