package org.finstream.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.finstream.ingest.EdgarConcepts;
import org.finstream.ingest.EdgarImport;
import org.finstream.ingest.Parsers;
import org.finstream.records.Fact;
import org.finstream.records.Filing;
import org.junit.jupiter.api.Test;

/**
 * TTM on real SEC filings (../shared/data/fundamentals, imported with import-edgar): the
 * product's TTM equals sums computed here by hand from the filings' own facts, for Apple (fiscal
 * year ending in late September, cash flows reported only year to date) and Tesla (calendar
 * year, no Q4 10-Q).
 */
class RealFilingsTtmTest {
    private static final Path FUNDAMENTALS = Path.of("..", "shared", "data", "fundamentals");

    private record Loaded(List<Fundamentals.Filing> filings, Map<String, Double> latest) {
        /** The value of the latest-filed fact of a concept over [start, end]. */
        double fact(String concept, String start, String end) {
            Double v = latest.get(concept + " " + start + " " + end);
            assertTrue(v != null, "no " + concept + " fact " + start + ".." + end);
            return v;
        }
    }

    private static Loaded load(String file, String symbol) throws Exception {
        Path path = FUNDAMENTALS.resolve(file);
        assumeTrue(Files.isRegularFile(path), "skipped: " + path.toAbsolutePath() + " is absent (the shared real-data"
                + " folder lives beside the repository; see ../shared/data/SOURCES.md)");
        EdgarImport.Conversion conversion = new EdgarImport(EdgarConcepts.defaults()).convert(path, symbol);
        List<Fundamentals.Filing> filings = new ArrayList<>();
        Map<String, Double> latest = new HashMap<>();
        Map<String, String> latestFiledBy = new HashMap<>();
        for (String line : conversion.lines()) {
            Filing f = Parsers.filing(line.getBytes(StandardCharsets.UTF_8));
            List<Fundamentals.Fact> facts = new ArrayList<>();
            for (Fact fact : f.getFacts()) {
                facts.add(new Fundamentals.Fact(fact.getConcept(), fact.getStart(), fact.getEnd(), fact.getValue()));
                String key = fact.getConcept() + " " + fact.getStart() + " " + fact.getEnd();
                String order = f.getFiled() + " " + f.getAccession();
                if (!latestFiledBy.containsKey(key) || latestFiledBy.get(key).compareTo(order) < 0) {
                    latestFiledBy.put(key, order);
                    latest.put(key, fact.getValue());
                }
            }
            filings.add(new Fundamentals.Filing(f.getForm(), f.getAccession(), f.getFiled(), f.getFiscalYear(),
                    f.getFiscalPeriod(), facts));
        }
        return new Loaded(filings, latest);
    }

    private static Double ttm(SortedMap<LocalDate, Fundamentals.Row> rows, String end, String concept) {
        Fundamentals.Row row = rows.get(LocalDate.parse(end));
        assertTrue(row != null, "no row at " + end);
        return row.ttm()[Fundamentals.DURATIONS.indexOf(concept)];
    }

    @Test
    void appleTtmEqualsHandSumsOverItsSeptemberFiscalYear() throws Exception {
        Loaded aapl = load("companyfacts_CIK0000320193_AAPL.json", "AAPL");
        SortedMap<LocalDate, Fundamentals.Row> rows = Fundamentals.rows(aapl.filings(), d -> null);

        // at a fiscal year end the TTM is the annual figure of the 10-K
        assertEquals(aapl.fact("revenue", "2023-10-01", "2024-09-28"), ttm(rows, "2024-09-28", "revenue"));
        assertEquals(391035000000.0, ttm(rows, "2024-09-28", "revenue"));

        // mid-year, cash flows exist only year to date: TTM(Q2 FY24) = FY23 + 6M FY24 - 6M FY23
        double byHand = aapl.fact("operating_cash_flow", "2022-09-25", "2023-09-30")
                + aapl.fact("operating_cash_flow", "2023-10-01", "2024-03-30")
                - aapl.fact("operating_cash_flow", "2022-09-25", "2023-04-01");
        assertEquals(byHand, ttm(rows, "2024-03-30", "operating_cash_flow"), 1e-3);

        // revenue as four quarters, Q4 FY23 being the year minus nine months
        double revenue = aapl.fact("revenue", "2023-12-31", "2024-03-30") + aapl.fact("revenue", "2023-10-01", "2023-12-30")
                + aapl.fact("revenue", "2022-09-25", "2023-09-30") - aapl.fact("revenue", "2022-09-25", "2023-07-01")
                + aapl.fact("revenue", "2023-04-02", "2023-07-01");
        assertEquals(revenue, ttm(rows, "2024-03-30", "revenue"), 1e-3);
        assertEquals("Q2", rows.get(LocalDate.parse("2024-03-30")).fiscalPeriod());
        assertEquals(2024, rows.get(LocalDate.parse("2024-03-30")).fiscalYear());
    }

    @Test
    void teslaTtmEqualsTheAnnualFigureAtEachCalendarYearEnd() throws Exception {
        Loaded tsla = load("companyfacts_CIK0001318605_TSLA.json", "TSLA");
        SortedMap<LocalDate, Fundamentals.Row> rows = Fundamentals.rows(tsla.filings(), d -> null);
        for (int year = 2018; year <= 2021; year++) {
            String start = year + "-01-01";
            String end = year + "-12-31";
            assertEquals(tsla.fact("revenue", start, end), ttm(rows, end, "revenue"), "revenue " + year);
            assertEquals(tsla.fact("net_income", start, end), ttm(rows, end, "net_income"), 1e-3, "net income " + year);
        }
        assertEquals(53823000000.0, ttm(rows, "2021-12-31", "revenue"));
    }
}
