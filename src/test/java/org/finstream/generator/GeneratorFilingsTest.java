package org.finstream.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quarterly filings of a small run. */
class GeneratorFilingsTest {
    private static final Set<String> INCOME = Set.of("revenue", "gross_profit", "operating_income", "net_income",
            "eps_diluted");
    private static final Set<String> CASH_FLOW = Set.of("operating_cash_flow", "capex", "depreciation_amortization");
    private static final Set<String> INSTANT = Set.of("shares_outstanding", "total_assets", "total_liabilities",
            "current_assets", "current_liabilities", "stockholders_equity", "retained_earnings", "cash", "total_debt");

    @TempDir
    static Path dir;
    static Sample sample;
    static List<JsonNode> filings;

    /** A fact's identity across filings. */
    record Key(String symbol, String concept, String start, String end) {}

    @BeforeAll
    static void generate() throws Exception {
        sample = Sample.generate(Sample.small(dir));
        filings = sample.filings();
    }

    @Test
    void formsAndPeriods() {
        Set<String> etfs = Set.of("SPY", "TLT", "IWM", "IWD", "IWF", "MTUM", "QUAL", "USMV");
        Set<String> filers = new HashSet<>();
        for (JsonNode f : filings) {
            String form = f.get("form").asText();
            String period = f.get("fiscal_period").asText();
            filers.add(f.get("symbol").asText());
            if (form.startsWith("10-Q")) {
                assertTrue(Set.of("Q1", "Q2", "Q3").contains(period), "no Q4 10-Q: " + period);
            } else {
                assertTrue(form.equals("10-K") || form.equals("10-K/A"), form);
                assertEquals("FY", period);
            }
        }
        assertEquals(20, filers.size());
        assertTrue(filers.stream().noneMatch(etfs::contains), "ETFs file nothing");
    }

    @Test
    void quarterlyReportsCarryCashFlowsOnlyYearToDate() {
        for (JsonNode f : filings) {
            if (!f.get("form").asText().startsWith("10-Q")) {
                continue;
            }
            int quarter = f.get("fiscal_period").asText().charAt(1) - '0';
            Map<String, List<JsonNode>> byConcept = byConcept(f);
            LocalDate yearStart = byConcept.get("revenue").stream().map(x -> date(x, "start"))
                    .min(Comparator.naturalOrder()).orElseThrow();
            for (String c : INCOME) {
                List<JsonNode> facts = byConcept.get(c);
                assertEquals(quarter == 1 ? 1 : 2, facts.size(), c + " facts in a Q" + quarter);
                assertTrue(facts.stream().anyMatch(x -> isQuarter(x)), c + " has a quarter fact");
            }
            for (String c : CASH_FLOW) {
                List<JsonNode> facts = byConcept.get(c);
                assertEquals(1, facts.size(), c + " is reported once, year to date");
                assertEquals(yearStart, date(facts.get(0), "start"));
                assertEquals(quarter == 1, isQuarter(facts.get(0)), c + " in Q" + quarter);
            }
            for (String c : INSTANT) {
                assertEquals(1, byConcept.get(c).size());
                assertFalse(byConcept.get(c).get(0).has("start"));
            }
        }
    }

    @Test
    void annualReportsCarryTheYearAndThePriorYear() {
        for (JsonNode f : filings) {
            if (!f.get("form").asText().startsWith("10-K")) {
                continue;
            }
            for (Map.Entry<String, List<JsonNode>> e : byConcept(f).entrySet()) {
                if (INSTANT.contains(e.getKey())) {
                    assertEquals(1, e.getValue().size());
                    continue;
                }
                assertEquals(2, e.getValue().size(), e.getKey());
                for (JsonNode x : e.getValue()) {
                    long length = days(x);
                    assertTrue(length >= 360 && length <= 370, e.getKey() + " annual length " + length);
                }
                LocalDate end = e.getValue().stream().map(x -> date(x, "end")).max(Comparator.naturalOrder()).orElseThrow();
                assertEquals(f.get("fiscal_year").asInt(), end.getYear(), "fiscal year named by its end");
            }
        }
    }

    @Test
    void yearToDateFactsAreSumsOfTheQuarters() {
        Map<Key, Double> latest = latestValues();
        int checked = 0;
        for (Map.Entry<Key, Double> ytd : latest.entrySet()) {
            Key k = ytd.getKey();
            if (!INCOME.contains(k.concept()) || k.start() == null || span(k) <= 100 || span(k) > 300) {
                continue;
            }
            double sum = 0;
            LocalDate cursor = LocalDate.parse(k.start());
            while (!cursor.isAfter(LocalDate.parse(k.end()))) {
                Key quarter = quarterStartingAt(latest, k, cursor);
                assertNotNull(quarter, "a quarter fact starting " + cursor + " within " + k);
                sum += latest.get(quarter);
                cursor = LocalDate.parse(quarter.end()).plusDays(1);
            }
            assertEquals(ytd.getValue(), sum, 1e-6, k.toString());
            checked++;
        }
        assertTrue(checked > 50, "checked " + checked + " YTD facts");
    }

    @Test
    void everyFilingReportsTheSameValueForAPeriodUnlessItWasAmended() {
        Set<String> amended = new HashSet<>();
        for (JsonNode f : filings) {
            if (f.get("form").asText().endsWith("/A")) {
                amended.add(period(f));
            }
        }
        Map<Key, Double> seen = new HashMap<>();
        for (JsonNode f : filings) {
            if (amended.contains(period(f)) && !f.get("form").asText().endsWith("/A")) {
                continue; // the original of an amended filing
            }
            for (JsonNode x : f.get("facts")) {
                Double before = seen.put(key(f, x), x.get("value").asDouble());
                if (before != null) {
                    assertEquals(before, x.get("value").asDouble(), key(f, x).toString());
                }
            }
        }
    }

    @Test
    void valuesAreInternallyConsistent() {
        boolean loss = false;
        for (JsonNode f : filings) {
            Map<String, Double> instants = new HashMap<>();
            Map<String, Double> revenue = new HashMap<>();
            for (JsonNode x : f.get("facts")) {
                String c = x.get("concept").asText();
                double v = x.get("value").asDouble();
                if (!x.has("start")) {
                    instants.put(c, v);
                } else if (c.equals("revenue")) {
                    assertTrue(v > 0, "revenue > 0");
                    revenue.put(x.get("start").asText() + x.get("end").asText(), v);
                }
            }
            for (JsonNode x : f.get("facts")) {
                String c = x.get("concept").asText();
                if (c.equals("gross_profit")) {
                    assertTrue(x.get("value").asDouble() < revenue.get(x.get("start").asText() + x.get("end").asText()));
                }
                loss |= c.equals("net_income") && x.get("value").asDouble() < 0;
            }
            assertEquals(instants.get("total_assets"),
                    instants.get("total_liabilities") + instants.get("stockholders_equity"), 0.5);
            assertTrue(instants.get("stockholders_equity") > 0);
            assertTrue(instants.get("cash") <= instants.get("current_assets"));
            assertTrue(instants.get("current_assets") <= instants.get("total_assets"));
            assertTrue(instants.get("current_liabilities") <= instants.get("total_liabilities"));
            assertTrue(instants.get("total_debt") <= instants.get("total_liabilities"));
            assertTrue(instants.get("shares_outstanding") > 0);
        }
        assertTrue(loss, "some quarter or year has a net loss");
    }

    @Test
    void amendmentsRestateAnEarlierFiling() {
        Map<String, JsonNode> originals = new HashMap<>();
        int amendments = 0;
        for (JsonNode f : filings) {
            String form = f.get("form").asText();
            if (!form.endsWith("/A")) {
                originals.put(period(f), f);
                continue;
            }
            amendments++;
            JsonNode original = originals.get(period(f));
            assertNotNull(original, "the original precedes " + f);
            assertEquals(form, original.get("form").asText() + "/A");
            long lag = ChronoUnit.DAYS.between(date(original, "filed"), date(f, "filed"));
            assertTrue(lag >= 20 && lag <= 60, "amended after " + lag + " days");
            assertFalse(original.get("accession").asText().equals(f.get("accession").asText()));
            Map<Key, Double> before = new HashMap<>();
            original.get("facts").forEach(x -> before.put(key(original, x), x.get("value").asDouble()));
            Map<Key, Double> after = new HashMap<>();
            f.get("facts").forEach(x -> after.put(key(f, x), x.get("value").asDouble()));
            assertEquals(before.keySet(), after.keySet(), "same periods");
            assertFalse(before.equals(after), "some restated values");
        }
        assertTrue(amendments >= 1 && amendments <= filings.size() / 10,
                amendments + " amendments of " + filings.size() + " filings");
    }

    @Test
    void filingDatesAccessionsAndHistory() {
        Set<String> accessions = new HashSet<>();
        Map<String, LocalDate> firstAnnual = new TreeMap<>();
        LocalDate previous = LocalDate.MIN;
        for (JsonNode f : filings) {
            LocalDate filed = date(f, "filed");
            assertFalse(filed.isAfter(sample.lastDay()), "filed after the last trading day: " + filed);
            assertFalse(filed.isBefore(previous), "ordered by filing date");
            assertFalse(TradingCalendar.isWeekend(filed));
            previous = filed;
            String accession = f.get("accession").asText();
            assertTrue(accessions.add(accession), "unique accession " + accession);
            assertTrue(accession.matches(f.get("cik").asText() + "-\\d{2}-\\d{6}"), accession);
            assertEquals(filed.getYear() % 100, Integer.parseInt(accession.substring(11, 13)));
            if (f.get("form").asText().equals("10-K")) {
                firstAnnual.merge(f.get("symbol").asText(), filed, (a, b) -> a.isBefore(b) ? a : b);
            }
            for (JsonNode x : f.get("facts")) {
                if (x.has("start") && !f.get("form").asText().startsWith("10-K")) {
                    long length = days(x);
                    assertTrue(length >= 80 && length <= 100 || length > 170, "quarter or YTD length " + length);
                }
            }
        }
        assertEquals(20, firstAnnual.size());
        firstAnnual.forEach((symbol, filed) ->
                assertTrue(filed.isBefore(sample.firstDay()), symbol + " has an annual report before the prices"));
    }

    @Test
    void filingYearsReachFurtherBack(@TempDir Path more) throws Exception {
        Sample longer = Sample.generate(Sample.small(more).withFilingYears(7));
        assertEquals(firstFiscalYears(filings).entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() - 5)),
                firstFiscalYears(longer.filings()), "7 fiscal years of filings before the first day's instead of 2");
    }

    private static Map<String, Integer> firstFiscalYears(List<JsonNode> filings) {
        Map<String, Integer> first = new TreeMap<>();
        filings.forEach(f -> first.merge(f.get("symbol").asText(), f.get("fiscal_year").asInt(), Math::min));
        return first;
    }

    private static Map<Key, Double> latestValues() {
        Map<Key, Double> latest = new HashMap<>();
        for (JsonNode f : filings) { // in filing-date order, so later filings replace earlier values
            for (JsonNode x : f.get("facts")) {
                latest.put(key(f, x), x.get("value").asDouble());
            }
        }
        return latest;
    }

    private static Key quarterStartingAt(Map<Key, Double> facts, Key within, LocalDate start) {
        for (Key k : facts.keySet()) {
            if (k.symbol().equals(within.symbol()) && k.concept().equals(within.concept())
                    && start.toString().equals(k.start()) && span(k) >= 80 && span(k) <= 100
                    && !LocalDate.parse(k.end()).isAfter(LocalDate.parse(within.end()))) {
                return k;
            }
        }
        return null;
    }

    private static Map<String, List<JsonNode>> byConcept(JsonNode filing) {
        Map<String, List<JsonNode>> byConcept = new HashMap<>();
        filing.get("facts").forEach(x -> byConcept.computeIfAbsent(x.get("concept").asText(), c -> new ArrayList<>()).add(x));
        return byConcept;
    }

    private static Key key(JsonNode filing, JsonNode fact) {
        return new Key(filing.get("symbol").asText(), fact.get("concept").asText(),
                fact.has("start") ? fact.get("start").asText() : null, fact.get("end").asText());
    }

    private static String period(JsonNode f) {
        return f.get("symbol").asText() + " " + f.get("fiscal_year").asInt() + " " + f.get("fiscal_period").asText();
    }

    private static boolean isQuarter(JsonNode fact) {
        return days(fact) >= 80 && days(fact) <= 100;
    }

    private static long days(JsonNode fact) {
        return ChronoUnit.DAYS.between(date(fact, "start"), date(fact, "end")) + 1;
    }

    private static long span(Key k) {
        return ChronoUnit.DAYS.between(LocalDate.parse(k.start()), LocalDate.parse(k.end())) + 1;
    }

    private static LocalDate date(JsonNode node, String field) {
        return LocalDate.parse(node.get(field).asText());
    }
}
