package org.finstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.finstream.cli.Main;
import org.finstream.records.Fact;
import org.finstream.records.Filing;
import org.finstream.records.Concepts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgarImportTest {
    private static final Path REAL_DATA = Path.of("../shared/data/fundamentals");

    /**
     * A fiscal year ending in September. Filings: a 10-Q for Q2 and a 10-Q/A filed the same day
     * (sorted by accession), a 10-K, its 10-K/A, an 8-K (with one stray 10-Q row) and a 10-Q
     * labelled FY as in Snowflake's data.
     */
    private static final String FACTS = """
            {"cik":1234,"entityName":"Test Co","facts":{
             "dei":{"EntityCommonStockSharesOutstanding":{"units":{"shares":[
               {"end":"2024-04-20","val":1500,"accn":"0000001234-24-000020","fy":2024,"fp":"Q2","form":"10-Q","filed":"2024-05-03"},
               {"end":"2024-10-20","val":1400,"accn":"0000001234-24-000040","fy":2024,"fp":"FY","form":"10-K","filed":"2024-11-01"}]}}},
             "us-gaap":{
              "RevenueFromContractWithCustomerExcludingAssessedTax":{"units":{"USD":[
               {"start":"2023-12-31","end":"2024-03-30","val":90753000000,"accn":"0000001234-24-000020","fy":2024,"fp":"Q2","form":"10-Q","filed":"2024-05-03"},
               {"start":"2023-12-31","end":"2024-03-30","val":90753000000,"accn":"0000001234-24-000030","fy":2024,"fp":"Q2","form":"8-K","filed":"2024-05-02"},
               {"start":"2023-10-01","end":"2024-09-28","val":391035000000,"accn":"0000001234-24-000040","fy":2024,"fp":"FY","form":"10-K","filed":"2024-11-01"}]}},
              "Revenues":{"units":{"USD":[
               {"start":"2023-12-31","end":"2024-03-30","val":1,"accn":"0000001234-24-000020","fy":2024,"fp":"Q2","form":"10-Q","filed":"2024-05-03"},
               {"start":"2023-10-01","end":"2024-03-30","val":210328000000,"accn":"0000001234-24-000020","fy":2024,"fp":"Q2","form":"10-Q","filed":"2024-05-03"},
               {"start":"2023-10-01","end":"2024-03-30","val":210000000000,"accn":"0000001234-24-000010","fy":2024,"fp":"Q2","form":"10-Q/A","filed":"2024-05-03"}]}},
              "NetIncomeLoss":{"units":{"USD":[
               {"start":"2023-10-01","end":"2024-09-28","val":93736000000,"accn":"0000001234-24-000040","fy":2024,"fp":"FY","form":"10-K","filed":"2024-11-01"},
               {"start":"2023-10-01","end":"2024-09-28","val":93700000000,"accn":"0000001234-25-000001","fy":2024,"fp":"FY","form":"10-K/A","filed":"2025-01-10"},
               {"start":"2023-10-01","end":"2024-09-28","val":93700000000,"accn":"0000001234-25-000001","fy":2024,"fp":"FY","form":"10-K/A","filed":"2025-01-10"},
               {"start":"2023-12-31","end":"2024-03-30","val":23636000000,"accn":"0000001234-24-000030","fy":2024,"fp":"Q2","form":"8-K","filed":"2024-05-02"}]}},
              "EarningsPerShareDiluted":{"units":{"USD/shares":[
               {"start":"2023-12-31","end":"2024-03-30","val":1.53,"accn":"0000001234-24-000020","fy":2024,"fp":"Q2","form":"10-Q","filed":"2024-05-03"}],
               "USD":[
               {"start":"2023-10-01","end":"2024-03-30","val":7,"accn":"0000001234-24-000020","fy":2024,"fp":"Q2","form":"10-Q","filed":"2024-05-03"}]}},
              "PaymentsToAcquirePropertyPlantAndEquipment":{"units":{"USD":[
               {"start":"2023-10-01","end":"2024-03-30","val":4388000000,"accn":"0000001234-24-000020","fy":2024,"fp":"Q2","form":"10-Q","filed":"2024-05-03"}]}},
              "Assets":{"units":{"USD":[
               {"start":"2023-10-01","end":"2024-03-30","val":5,"accn":"0000001234-24-000020","fy":2024,"fp":"Q2","form":"10-Q","filed":"2024-05-03"},
               {"end":"2023-09-30","val":352583000000,"accn":"0000001234-24-000020","fy":2024,"fp":"Q2","form":"10-Q","filed":"2024-05-03"},
               {"end":"2024-03-30","val":337411000000,"accn":"0000001234-24-000020","fy":2024,"fp":"Q2","form":"10-Q","filed":"2024-05-03"},
               {"end":"2024-09-28","val":364980000000,"accn":"0000001234-24-000040","fy":2024,"fp":"FY","form":"10-K","filed":"2024-11-01"},
               {"end":"2024-06-29","val":1,"accn":"0000001234-24-000030","fy":2024,"fp":"Q3","form":"10-Q","filed":"2024-08-02"},
               {"end":"2024-12-28","val":2,"accn":"0000001234-25-000005","fy":2025,"fp":"FY","form":"10-Q","filed":"2025-01-31"}]}},
              "GrossProfit":{"units":{"USD":[
               {"start":"2024-09-29","end":"2024-12-28","val":58275000000,"accn":"0000001234-25-000005","fy":2025,"fp":"FY","form":"10-Q","filed":"2025-01-31"},
               {"start":"2023-10-01","end":"2023-12-30","val":54855000000,"accn":"0000001234-25-000005","fy":2025,"fp":"FY","form":"10-Q","filed":"2025-01-31"}]}},
              "CommonStockSharesOutstanding":{"units":{"shares":[
               {"end":"2024-09-28","val":1450,"accn":"0000001234-24-000040","fy":2024,"fp":"FY","form":"10-K","filed":"2024-11-01"}]}},
              "LongTermDebt":{"units":{"USD":[
               {"end":"2024-09-28","val":12345678901234567890,"accn":"0000001234-24-000040","fy":2024,"fp":"FY","form":"10-K","filed":"2024-11-01"}]}}
             }}}
            """;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream oldErr;
    private PrintStream oldOut;

    @BeforeEach
    void capture() {
        oldErr = System.err;
        oldOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(oldErr);
        System.setOut(oldOut);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static Path write(Path dir, String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** Every line through the product's own parser. */
    private static List<Filing> parse(List<String> lines) throws Exception {
        List<Filing> filings = new ArrayList<>();
        for (String line : lines) {
            filings.add(Parsers.filing(line.getBytes(StandardCharsets.UTF_8)));
        }
        return filings;
    }

    private static EdgarImport.Conversion convert(Path dir, EdgarConcepts concepts) throws Exception {
        return new EdgarImport(concepts).convert(write(dir, "facts.json", FACTS), "TEST");
    }

    private static Filing byAccession(List<Filing> filings, String accession) {
        return filings.stream().filter(f -> f.getAccession().equals(accession)).findFirst().orElseThrow();
    }

    /** concept|start|end -> value; start empty for instants. */
    private static Map<String, Double> facts(Filing f) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Fact fact : f.getFacts()) {
            m.put(fact.getConcept() + "|" + (fact.getStart() == null ? "" : fact.getStart()) + "|" + fact.getEnd(),
                    fact.getValue());
        }
        return m;
    }

    @Test
    void groupsRowsIntoFilingsByAccessionAndSortsThem(@TempDir Path dir) throws Exception {
        EdgarImport.Conversion c = convert(dir, EdgarConcepts.defaults());
        List<Filing> filings = parse(c.lines());
        assertEquals(List.of("0000001234-24-000010", "0000001234-24-000020", "0000001234-24-000040",
                "0000001234-25-000001", "0000001234-25-000005"),
                filings.stream().map(Filing::getAccession).toList(), "sorted by filed, then accession");
        assertEquals(List.of("10-Q/A", "10-Q", "10-K", "10-K/A", "10-Q"), filings.stream().map(Filing::getForm).toList());
        for (Filing f : filings) {
            assertEquals("TEST", f.getSymbol());
            assertEquals("0000001234", f.getCik());
        }
        Filing q2 = byAccession(filings, "0000001234-24-000020");
        assertEquals(LocalDate.of(2024, 5, 3), q2.getFiled());
        assertEquals(2024, q2.getFiscalYear());
        assertEquals("Q2", q2.getFiscalPeriod());
        // the 8-K is skipped: its accession's most common form, despite one stray 10-Q row
        assertEquals(Map.of("8-K", 1), c.skippedByForm());
        assertEquals(5, c.lines().size());
    }

    @Test
    void keepsTheHighestPriorityConceptPerPeriodAndTheRightKindAndUnit(@TempDir Path dir) throws Exception {
        Filing q2 = byAccession(parse(convert(dir, EdgarConcepts.defaults()).lines()), "0000001234-24-000020");
        Map<String, Double> facts = facts(q2);
        // the quarter comes from RevenueFromContract... (Revenues' value 1 ignored); YTD only exists as Revenues
        assertEquals(90753000000.0, facts.get("revenue|2023-12-31|2024-03-30"));
        assertEquals(210328000000.0, facts.get("revenue|2023-10-01|2024-03-30"));
        // Assets with a start is the wrong kind; EPS in USD is the wrong unit
        assertEquals(352583000000.0, facts.get("total_assets||2023-09-30"));
        assertEquals(337411000000.0, facts.get("total_assets||2024-03-30"));
        assertFalse(facts.keySet().stream().anyMatch(k -> k.startsWith("total_assets|2")), facts.toString());
        assertEquals(Map.of("eps_diluted|2023-12-31|2024-03-30", 1.53), facts.entrySet().stream()
                .filter(e -> e.getKey().startsWith("eps")).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        // capex is the positive payment
        assertEquals(4388000000.0, facts.get("capex|2023-10-01|2024-03-30"));
        // no CommonStockSharesOutstanding at 2024-03-30: the cover value, re-dated at the period end
        assertEquals(1500.0, facts.get("shares_outstanding||2024-03-30"));
        assertEquals(List.of("capex|2023-10-01|2024-03-30", "eps_diluted|2023-12-31|2024-03-30",
                "revenue|2023-10-01|2024-03-30", "revenue|2023-12-31|2024-03-30", "shares_outstanding||2024-03-30",
                "total_assets||2023-09-30", "total_assets||2024-03-30"), List.copyOf(facts.keySet()),
                "sorted by concept, start, end");
    }

    @Test
    void coverSharesOnlyWithoutAReportedValueAndAmendmentsAreTheirOwnFilings(@TempDir Path dir) throws Exception {
        EdgarImport.Conversion c = convert(dir, EdgarConcepts.defaults());
        List<Filing> filings = parse(c.lines());
        Map<String, Double> annual = facts(byAccession(filings, "0000001234-24-000040"));
        assertEquals(1450.0, annual.get("shares_outstanding||2024-09-28"), "the reported value wins over the cover");
        assertEquals(1, annual.keySet().stream().filter(k -> k.startsWith("shares_outstanding")).count());
        assertEquals(93736000000.0, annual.get("net_income|2023-10-01|2024-09-28"));
        Filing amendment = byAccession(filings, "0000001234-25-000001");
        assertEquals("10-K/A", amendment.getForm());
        assertEquals("FY", amendment.getFiscalPeriod());
        assertEquals(Map.of("net_income|2023-10-01|2024-09-28", 93700000000.0), facts(amendment),
                "identical duplicates collapse");
        assertEquals(2, c.factsPerConcept().get("net_income"));
    }

    @Test
    void aTenQLabelledFyGetsItsQuarterFromItsDurations(@TempDir Path dir) throws Exception {
        EdgarImport.Conversion c = convert(dir, EdgarConcepts.defaults());
        Filing q1 = byAccession(parse(c.lines()), "0000001234-25-000005");
        assertEquals("Q1", q1.getFiscalPeriod());
        assertEquals(2025, q1.getFiscalYear());
        assertEquals(1, c.relabelled());
    }

    @Test
    void valuesAreWrittenAsIntegersWhenExact(@TempDir Path dir) throws Exception {
        List<String> lines = convert(dir, EdgarConcepts.defaults()).lines();
        String q2 = lines.stream().filter(l -> l.contains("0000001234-24-000020")).findFirst().orElseThrow();
        assertTrue(q2.contains("\"value\":90753000000}"), q2);
        assertTrue(q2.contains("\"value\":1.53}"), q2);
        assertTrue(q2.startsWith("{\"symbol\":\"TEST\",\"cik\":\"0000001234\",\"form\":\"10-Q\",\"accession\":"
                + "\"0000001234-24-000020\",\"filed\":\"2024-05-03\",\"fiscal_year\":2024,\"fiscal_period\":\"Q2\","
                + "\"facts\":[{\"concept\":\"capex\",\"start\":\"2023-10-01\",\"end\":\"2024-03-30\""), q2);
        String annual = lines.stream().filter(l -> l.contains("0000001234-24-000040")).findFirst().orElseThrow();
        assertTrue(annual.contains("{\"concept\":\"total_debt\",\"end\":\"2024-09-28\",\"value\":1.2345678901234567E19}"),
                annual);
        assertEquals(1.2345678901234567E19, facts(byAccession(parse(lines), "0000001234-24-000040"))
                .get("total_debt||2024-09-28"));
    }

    @Test
    void malformedRowsAndFilingsWithoutFiscalPeriodAreSkipped(@TempDir Path dir) throws Exception {
        String text = """
                {"cik":"1234","facts":{"us-gaap":{"Assets":{"units":{"USD":[
                 {"end":"2024-03-30","val":1,"accn":"A1","fy":2024,"form":"10-Q","filed":"2024-05-03"},
                 {"end":"2024-03-30","val":2,"accn":"A2","fy":2024,"fp":"Q2","form":"10-Q","filed":"2024-05-03"},
                 {"end":"2024-13-30","val":3,"accn":"A2","fy":2024,"fp":"Q2","form":"10-Q","filed":"2024-05-03"},
                 {"end":"2024-06-30","val":"x","accn":"A2","fy":2024,"fp":"Q2","form":"10-Q","filed":"2024-05-03"},
                 {"end":"2024-06-30","val":4,"fy":2024,"fp":"Q2","form":"10-Q","filed":"2024-05-03"}]}},
                 "Revenues":{"units":{"USD":[
                 {"start":"2024-04-01","end":"2024-03-30","val":5,"accn":"A2","fy":2024,"fp":"Q2","form":"10-Q","filed":"2024-05-03"}]}}}}}
                """;
        EdgarImport.Conversion c = new EdgarImport(EdgarConcepts.defaults()).convert(write(dir, "x.json", text), "X");
        assertEquals(1, c.skippedIncomplete());
        assertEquals(4, c.malformedRows());
        List<Filing> filings = parse(c.lines());
        assertEquals(1, filings.size());
        assertEquals(Map.of("total_assets||2024-03-30", 2.0), facts(filings.get(0)));
        assertTrue(String.join("\n", c.summary()).contains("malformed rows skipped:"), c.summary().toString());
    }

    @Test
    void aConceptsFileReplacesTheDefaultMap(@TempDir Path dir) throws Exception {
        Path yaml = write(dir, "concepts.yaml", """
                # only total revenue, then sales
                revenue:
                  - Revenues
                  - RevenueFromContractWithCustomerExcludingAssessedTax
                """);
        EdgarConcepts concepts = EdgarConcepts.load(yaml);
        assertEquals(List.of("revenue"), concepts.concepts());
        EdgarImport.Conversion c = convert(dir, concepts);
        assertEquals(Map.of("revenue", 4), c.factsPerConcept());
        Map<String, Double> q2 = facts(byAccession(parse(c.lines()), "0000001234-24-000020"));
        assertEquals(Map.of("revenue|2023-12-31|2024-03-30", 1.0, "revenue|2023-10-01|2024-03-30", 210328000000.0), q2);
        // filings left without any mapped fact are not written
        assertEquals(2, c.skippedEmpty());
    }

    @Test
    void aConceptsFileWithAnUnknownNameOrABadListIsRejected(@TempDir Path dir) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EdgarConcepts.load(write(dir, "a.yaml", "revenue: [Revenues]\nebitda: [Ebitda]\n")));
        assertTrue(e.getMessage().contains("unknown concept 'ebitda'"), e.getMessage());
        assertTrue(e.getMessage().contains("total_debt"), "lists the allowed names: " + e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EdgarConcepts.load(write(dir, "b.yaml", "revenue: Revenues\n")));
        assertTrue(e.getMessage().contains("'revenue'") && e.getMessage().contains("list"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EdgarConcepts.load(write(dir, "c.yaml", "revenue: [\"not a name\"]\n")));
        assertTrue(e.getMessage().contains("not an EDGAR concept name"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EdgarConcepts.load(dir.resolve("none.yaml")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void theDefaultMapCoversEveryConceptInOrder() {
        EdgarConcepts d = EdgarConcepts.defaults();
        assertEquals(Concepts.ALL, d.concepts());
        assertEquals(17, d.concepts().size());
        assertEquals("RevenueFromContractWithCustomerExcludingAssessedTax", d.sources("revenue").get(0).name());
        assertEquals(List.of("CommonStockSharesOutstanding", "dei:EntityCommonStockSharesOutstanding"),
                d.sources("shares_outstanding").stream().map(Object::toString).toList());
        assertEquals(EdgarImport.COVER_SHARES, d.sources("shares_outstanding").get(1));
    }

    @Test
    void symbolComesFromTheFileNameOrMustBeGiven() {
        assertEquals("AAPL", EdgarImport.symbolOf(Path.of("x/companyfacts_CIK0000320193_AAPL.json")));
        assertEquals("BRK.B", EdgarImport.symbolOf(Path.of("companyfacts_CIK0001067983_BRK.B.json")));
        for (String name : new String[] {"CIK0000320193.json", "companyfacts_CIK0000320193_aapl.json"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EdgarImport.symbolOf(Path.of(name)));
            assertTrue(e.getMessage().contains("--symbol"), e.getMessage());
        }
    }

    @Test
    void cliWritesOneFilePerInput(@TempDir Path dir) throws Exception {
        Path in = write(dir, "companyfacts_CIK0000001234_TEST.json", FACTS);
        Path outDir = dir.resolve("out/filings");
        assertEquals(0, Main.execute("import-edgar", in.toString(), "--out", outDir.toString()), errors());
        List<String> lines = Files.readAllLines(outDir.resolve("filings_TEST.jsonl"));
        assertEquals(5, parse(lines).size());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("filings written:") && printed.contains("8-K: 1")
                && printed.contains("revenue"), printed);
        assertEquals(0, Main.execute("import-edgar", in.toString(), "--out", outDir.toString(), "--symbol", "OTHER"));
        assertEquals(lines.get(0).replace("\"TEST\"", "\"OTHER\""),
                Files.readAllLines(outDir.resolve("filings_OTHER.jsonl")).get(0));
        assertEquals(0, Main.execute("import-edgar", "--help"));
    }

    @Test
    void cliReportsBadInputsWithExitCodes(@TempDir Path dir) throws Exception {
        Path in = write(dir, "companyfacts_CIK0000001234_TEST.json", FACTS);
        String outDir = dir.resolve("out").toString();
        assertEquals(1, Main.execute("import-edgar", dir.resolve("nope.json").toString(), "--out", outDir));
        assertTrue(errors().contains("no such file"), errors());
        assertEquals(2, Main.execute("import-edgar", in.toString(), "--out", outDir, "--frobnicate"));
        assertTrue(errors().contains("--frobnicate"), errors());
        assertEquals(2, Main.execute("import-edgar", in.toString()));
        Path other = write(dir, "companyfacts_CIK0000005678_OTHR.json", FACTS);
        assertEquals(1, Main.execute("import-edgar", in.toString(), other.toString(), "--symbol", "X", "--out", outDir));
        assertTrue(errors().contains("--symbol gives the symbol of a single FILE"), errors());
        assertEquals(1, Main.execute("import-edgar", write(dir, "bad.json", "{\"cik\":").toString(),
                "--symbol", "X", "--out", outDir));
        assertTrue(errors().contains("is not JSON"), errors());
        assertEquals(1, Main.execute("import-edgar", write(dir, "list.json", "[1,2]").toString(),
                "--symbol", "X", "--out", outDir));
        assertTrue(errors().contains("is not an EDGAR companyfacts object"), errors());
        assertEquals(1, Main.execute("import-edgar", write(dir, "nocik.json", "{\"facts\":{}}").toString(),
                "--symbol", "X", "--out", outDir));
        assertTrue(errors().contains("no numeric 'cik'"), errors());
        assertEquals(1, Main.execute("import-edgar", in.toString(), "--out", outDir, "--concepts",
                write(dir, "c.yaml", "ebitda: [X]").toString()));
        assertTrue(errors().contains("unknown concept 'ebitda'"), errors());
        assertFalse(Files.exists(dir.resolve("out")), "nothing is written when an input is bad");
    }

    @Test
    void realCompanyFacts(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(REAL_DATA), "skipped: " + REAL_DATA + " absent");
        Path aapl = REAL_DATA.resolve("companyfacts_CIK0000320193_AAPL.json");
        Path tsla = REAL_DATA.resolve("companyfacts_CIK0001318605_TSLA.json");
        Path snow = REAL_DATA.resolve("companyfacts_CIK0001640147_SNOW.json");
        List<EdgarImport.Conversion> all = new EdgarImport(EdgarConcepts.defaults())
                .importFiles(List.of(aapl, tsla, snow), null, dir);
        Map<String, List<Filing>> bySymbol = new LinkedHashMap<>();
        for (EdgarImport.Conversion c : all) {
            List<Filing> filings = parse(Files.readAllLines(dir.resolve(c.fileName())));
            assertEquals(c.lines().size(), filings.size());
            for (int i = 1; i < filings.size(); i++) {
                Filing a = filings.get(i - 1);
                Filing b = filings.get(i);
                assertTrue(a.getFiled().isBefore(b.getFiled()) || a.getFiled().equals(b.getFiled())
                        && a.getAccession().compareTo(b.getAccession()) < 0, b.getAccession());
            }
            bySymbol.put(c.symbol(), filings);
        }

        List<Filing> apple = bySymbol.get("AAPL");
        assertEquals(68, apple.size(), "50 10-Q, 17 10-K, one 10-K/A; the two 8-Ks skipped");
        assertEquals(Map.of("8-K", 2), all.get(0).skippedByForm());
        assertEquals(1, apple.stream().filter(f -> f.getForm().equals("10-K/A")).count());
        Filing q2 = byAccession(apple, "0000320193-24-000069");
        assertEquals("10-Q", q2.getForm());
        assertEquals(LocalDate.of(2024, 5, 3), q2.getFiled());
        assertEquals(2024, q2.getFiscalYear());
        assertEquals("Q2", q2.getFiscalPeriod());
        Map<String, Double> f = facts(q2);
        assertEquals(90753000000.0, f.get("revenue|2023-12-31|2024-03-30"));
        assertEquals(210328000000.0, f.get("revenue|2023-10-01|2024-03-30"));
        assertEquals(337411000000.0, f.get("total_assets||2024-03-30"));
        assertEquals(1.53, f.get("eps_diluted|2023-12-31|2024-03-30"));
        assertEquals(4388000000.0, f.get("capex|2023-10-01|2024-03-30"));
        assertEquals(15337686000.0, f.get("shares_outstanding||2024-03-30"), "the balance-sheet count, not the cover");
        // Apple's fiscal year ends in late September: the 10-K filed 2024-11-01 is FY 2024
        Filing k = byAccession(apple, "0000320193-24-000123");
        assertEquals("10-K", k.getForm());
        assertEquals("FY", k.getFiscalPeriod());
        assertEquals(2024, k.getFiscalYear());
        assertEquals(391035000000.0, facts(k).get("revenue|2023-10-01|2024-09-28"));
        // 2009: revenue still as SalesRevenueNet, as originally reported (before the 2010 restatement)
        assertEquals(36537000000.0, facts(byAccession(apple, "0001193125-09-214859")).get("revenue|2008-09-28|2009-09-26"));
        assertEquals(List.of("Q1", "Q2", "Q3", "FY"), periods(apple, 2024));

        List<Filing> tesla = bySymbol.get("TSLA");
        assertEquals(47, tesla.size());
        assertEquals(3, all.get(1).skippedEmpty(), "three 10-K/A without financial statements");
        assertEquals(1, tesla.stream().filter(x -> x.getForm().equals("10-K/A")).count());

        // Snowflake's fiscal year ends 31 January; its 10-Q for the quarter to 2022-04-30 is labelled FY
        // in the source and comes out as Q1 of fiscal 2023
        List<Filing> snowflake = bySymbol.get("SNOW");
        assertEquals(19, snowflake.size());
        assertEquals(1, all.get(2).relabelled());
        Filing relabelled = byAccession(snowflake, "0001640147-22-000044");
        assertEquals("Q1", relabelled.getFiscalPeriod());
        assertEquals(2023, relabelled.getFiscalYear());
        assertEquals(422371000.0, facts(relabelled).get("revenue|2022-02-01|2022-04-30"));
        Filing snowK = byAccession(snowflake, "0001640147-24-000101");
        assertEquals("FY", snowK.getFiscalPeriod());
        assertEquals(2024, snowK.getFiscalYear());
        assertTrue(facts(snowK).containsKey("revenue|2023-02-01|2024-01-31"), facts(snowK).keySet().toString());
        assertEquals(List.of("Q1", "Q2", "Q3", "FY"), periods(snowflake, 2024));
        // Snowflake reports no CommonStockSharesOutstanding: every filing carries the cover count
        assertEquals(snowflake.size() - 1, snowflake.stream().filter(x -> facts(x).keySet().stream()
                .anyMatch(key -> key.equals("shares_outstanding||" + periodEnd(x)))).count(),
                "all but the first 10-Q, which has no cover count");
        assertEquals(334200000.0, facts(snowK).get("shares_outstanding||2024-01-31"));
    }

    private static List<String> periods(List<Filing> filings, int fiscalYear) {
        return filings.stream().filter(f -> f.getFiscalYear() == fiscalYear && !f.getForm().endsWith("/A"))
                .map(Filing::getFiscalPeriod).toList();
    }

    private static LocalDate periodEnd(Filing f) {
        return Arrays.stream(f.getFacts()).map(Fact::getEnd).max(LocalDate::compareTo).orElseThrow();
    }

    @Test
    void realLinesMatchTheirFilingOnEveryFact(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(REAL_DATA), "skipped: " + REAL_DATA + " absent");
        EdgarImport.Conversion c = new EdgarImport(EdgarConcepts.defaults())
                .convert(REAL_DATA.resolve("companyfacts_CIK0000320193_AAPL.json"), "AAPL");
        for (Filing f : parse(c.lines())) {
            assertTrue(f.getFacts().length > 0, f.getAccession());
            for (Fact fact : f.getFacts()) {
                assertEquals(EdgarConcepts.isDuration(fact.getConcept()), fact.getStart() != null, fact.getConcept());
                assertFalse(fact.getEnd().isAfter(f.getFiled()), f.getAccession() + " " + fact.getConcept());
            }
            assertNull(f.getOrigin());
        }
        int total = c.factsPerConcept().values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(total, parse(c.lines()).stream().mapToInt(f -> f.getFacts().length).sum());
    }
}
