package org.finstream.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.finstream.records.Symbols;

/**
 * Converts SEC EDGAR XBRL "companyfacts" JSON (the {@code data.sec.gov/api/xbrl/companyfacts}
 * response) into the filings JSONL input format of METRICS.md section 1, one line per 10-Q/10-K
 * (or transition report, or amendment), using an {@link EdgarConcepts} map.
 *
 * <p>Rows are grouped into filings by accession number; a filing's form, filing date, fiscal
 * year and fiscal period are the most common values of its rows (ties: the smallest). Within a
 * filing each normalized concept keeps one value per period, from its highest-priority EDGAR
 * concept. The cover-page share count ({@link #COVER_SHARES}) is used, dated at the filing's
 * period end, only when the filing has no value of its concept at that period end. A 10-Q
 * labelled {@code FY} is relabelled from its longest duration ending at the period end.
 */
public final class EdgarImport {
    /** The cover-page share count, dated after the period end: a fallback only. */
    public static final EdgarConcepts.Source COVER_SHARES =
            new EdgarConcepts.Source("dei", "EntityCommonStockSharesOutstanding");

    private static final Pattern FORM = Pattern.compile("10-[QK]T?(/A)?");
    private static final List<String> FISCAL_PERIODS = List.of("Q1", "Q2", "Q3", "Q4", "FY");
    private static final Pattern FILE_NAME = Pattern.compile("companyfacts_CIK\\d{10}_([^_]+)\\.json");
    private static final Pattern CIK_TEXT = Pattern.compile("\\d{1,10}");
    private static final double MAX_EXACT_INTEGER = 0x1p53;
    private static final double DAYS_PER_QUARTER = 365.25 / 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final Comparator<FactKey> FACT_ORDER = Comparator.comparing(FactKey::concept)
            .thenComparing(FactKey::start, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(FactKey::end);

    private final EdgarConcepts concepts;

    public EdgarImport(EdgarConcepts concepts) {
        this.concepts = concepts;
    }

    /**
     * The result of converting one companyfacts object.
     *
     * @param source           where it came from (the file), for the summary
     * @param symbol           the symbol written on every filing
     * @param cik              the 10-digit, zero-padded CIK
     * @param lines            the filings JSONL lines, sorted by filing date then accession
     * @param skippedByForm    accessions whose form is not a 10-Q/10-K, per form
     * @param skippedIncomplete filings without a usable fiscal year, fiscal period or filing date
     * @param skippedEmpty     filings without any mapped fact (e.g. a 10-K/A of Part III only)
     * @param relabelled       10-Qs labelled {@code FY} whose fiscal period was taken from their durations
     * @param malformedRows    rows of mapped concepts without an accession, date or finite value, or ending before they start
     * @param factsPerConcept  facts written per normalized concept, in the map's order
     */
    public record Conversion(String source, String symbol, String cik, List<String> lines,
                             Map<String, Integer> skippedByForm, int skippedIncomplete, int skippedEmpty,
                             int relabelled, int malformedRows, Map<String, Integer> factsPerConcept) {

        /** The output file name, {@code filings_<SYMBOL>.jsonl}. */
        public String fileName() {
            return "filings_" + symbol + ".jsonl";
        }

        /** A human-readable summary, one line each. */
        public List<String> summary() {
            List<String> out = new ArrayList<>();
            out.add(source + " -> " + fileName() + " (" + symbol + ", CIK " + cik + ")");
            out.add(row("filings written", lines.size()));
            int byForm = skippedByForm.values().stream().mapToInt(Integer::intValue).sum();
            StringBuilder forms = new StringBuilder();
            skippedByForm.forEach((form, n) -> forms.append(forms.length() == 0 ? " (" : ", ").append(form)
                    .append(": ").append(n));
            out.add(row("filings skipped by form", byForm) + (byForm == 0 ? "" : forms + ")"));
            if (skippedIncomplete > 0) {
                out.add(row("skipped, no fiscal year/period", skippedIncomplete));
            }
            if (skippedEmpty > 0) {
                out.add(row("skipped, no mapped facts", skippedEmpty));
            }
            if (relabelled > 0) {
                out.add(row("10-Q labelled FY, relabelled", relabelled));
            }
            if (malformedRows > 0) {
                out.add(row("malformed rows skipped", malformedRows));
            }
            out.add("  facts per concept:");
            factsPerConcept.forEach((concept, n) -> out.add(String.format(Locale.ROOT, "    %-27s %,8d", concept, n)));
            return out;
        }

        private static String row(String label, int n) {
            return String.format(Locale.ROOT, "  %-31s %,6d", label + ":", n);
        }
    }

    private record FactKey(String concept, LocalDate start, LocalDate end) {}

    private record Cover(LocalDate end, double value) {}

    /** The rows of one accession number. */
    private static final class Draft {
        final Map<String, Integer> forms = new HashMap<>();
        final Map<String, Integer> filed = new HashMap<>();
        final Map<Integer, Integer> years = new HashMap<>();
        final Map<String, Integer> periods = new HashMap<>();
        final Map<FactKey, Double> facts = new HashMap<>();
        final Map<String, Cover> covers = new HashMap<>();

        void tally(JsonNode row) {
            count(forms, text(row, "form"));
            count(filed, text(row, "filed"));
            count(periods, text(row, "fp"));
            JsonNode fy = row.get("fy");
            if (fy != null && fy.isIntegralNumber() && fy.canConvertToInt()) {
                count(years, fy.intValue());
            }
        }

        private static <T> void count(Map<T, Integer> counts, T value) {
            if (value != null) {
                counts.merge(value, 1, Integer::sum);
            }
        }
    }

    /**
     * Converts every file and writes {@code filings_<SYMBOL>.jsonl} per file into {@code outDir}
     * (created if needed). Every input is read and converted before anything is written.
     *
     * @param symbol the symbol of the only file, or null to take each symbol from its file name
     *               ({@code companyfacts_CIK##########_SYMBOL.json})
     */
    public List<Conversion> importFiles(List<Path> files, String symbol, Path outDir) throws IOException {
        if (symbol != null && files.size() != 1) {
            throw new IllegalArgumentException("--symbol gives the symbol of a single FILE, but " + files.size()
                    + " files were given; name each file companyfacts_CIK##########_SYMBOL.json instead");
        }
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new IllegalArgumentException("--out " + outDir + " is not a directory");
        }
        Map<String, Path> symbols = new LinkedHashMap<>();
        for (Path file : files) {
            requireFile(file);
            String s = symbol != null ? symbol : symbolOf(file);
            Path previous = symbols.put(s, file);
            if (previous != null) {
                throw new IllegalArgumentException(previous + " and " + file + " are both for symbol " + s
                        + " and would write the same filings_" + s + ".jsonl");
            }
        }
        List<Conversion> conversions = new ArrayList<>();
        for (Map.Entry<String, Path> e : symbols.entrySet()) {
            conversions.add(convert(e.getValue(), e.getKey()));
        }
        Files.createDirectories(outDir);
        for (Conversion c : conversions) {
            StringBuilder text = new StringBuilder();
            c.lines().forEach(line -> text.append(line).append('\n'));
            Files.writeString(outDir.resolve(c.fileName()), text, StandardCharsets.UTF_8);
        }
        return conversions;
    }

    /** The symbol in a file name {@code companyfacts_CIK##########_SYMBOL.json}. */
    public static String symbolOf(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        Matcher m = FILE_NAME.matcher(name);
        if (!m.matches() || !Symbols.isValid(m.group(1))) {
            throw new IllegalArgumentException("cannot tell the symbol of " + file
                    + ": its name is not companyfacts_CIK##########_SYMBOL.json with a symbol of 1-15 characters"
                    + " of A-Z 0-9 . - ^; pass --symbol SYMBOL (with that one file)");
        }
        return m.group(1);
    }

    /** Reads and converts one companyfacts file. */
    public Conversion convert(Path file, String symbol) throws IOException {
        requireFile(file);
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getOriginalMessage());
        }
        return convert(root, symbol, file.toString());
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(Files.isDirectory(file) ? file + " is a directory, not a companyfacts file"
                    : "no such file: " + file);
        }
    }

    /** Converts one parsed companyfacts object; {@code source} names it in messages and the summary. */
    public Conversion convert(JsonNode root, String symbol, String source) {
        if (!Symbols.isValid(symbol)) {
            throw new IllegalArgumentException("'" + symbol + "' is not a valid symbol (1-15 characters of A-Z 0-9 . - ^)");
        }
        if (root == null || !root.isObject()) {
            throw notCompanyFacts(source, "the top level is not a JSON object");
        }
        JsonNode facts = root.get("facts");
        if (facts == null || !facts.isObject()) {
            throw notCompanyFacts(source, "no 'facts' object");
        }
        String cik = cik(root.get("cik"));
        if (cik == null) {
            throw notCompanyFacts(source, "no numeric 'cik'");
        }
        Map<String, Draft> drafts = new HashMap<>();
        facts.forEach(namespace -> namespace.forEach(concept -> concept.path("units").forEach(rows -> rows.forEach(row -> {
            String accession = text(row, "accn");
            if (accession != null) {
                drafts.computeIfAbsent(accession, a -> new Draft()).tally(row);
            }
        }))));
        int malformed = 0;
        for (String concept : concepts.concepts()) {
            for (EdgarConcepts.Source s : concepts.sources(concept)) {
                JsonNode rows = facts.path(s.namespace()).path(s.name()).path("units").path(EdgarConcepts.unit(concept));
                malformed += collect(concept, s, rows, drafts);
            }
        }
        return assemble(source, symbol, cik, drafts, malformed);
    }

    private static IllegalArgumentException notCompanyFacts(String source, String why) {
        return new IllegalArgumentException(source + " is not an EDGAR companyfacts object"
                + " ({\"cik\":..., \"facts\":{\"us-gaap\":{...}}}): " + why);
    }

    private static String cik(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0
                && node.longValue() <= 9_999_999_999L) {
            return String.format(Locale.ROOT, "%010d", node.longValue());
        }
        if (node.isTextual() && CIK_TEXT.matcher(node.asText()).matches()) {
            return "0".repeat(10 - node.asText().length()) + node.asText();
        }
        return null;
    }

    private static String text(JsonNode row, String field) {
        JsonNode n = row.get(field);
        return n == null || !n.isValueNode() || n.isNull() || n.asText().isBlank() ? null : n.asText().strip();
    }

    private static LocalDate date(String text) {
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Adds the rows of one EDGAR concept to their filings; returns the number of malformed rows. */
    private static int collect(String concept, EdgarConcepts.Source source, JsonNode rows, Map<String, Draft> drafts) {
        boolean duration = EdgarConcepts.isDuration(concept);
        boolean cover = source.equals(COVER_SHARES);
        int malformed = 0;
        for (JsonNode row : rows) {
            if (row.isObject() && row.hasNonNull("start") != duration) {
                continue;
            }
            Draft draft = row.isObject() ? drafts.get(text(row, "accn")) : null;
            LocalDate end = draft == null ? null : date(text(row, "end"));
            LocalDate start = duration ? date(text(row, "start")) : null;
            JsonNode val = row.path("val");
            if (end == null || (duration && (start == null || start.isAfter(end))) || !val.isNumber()
                    || !Double.isFinite(val.doubleValue())) {
                malformed++;
            } else if (cover) {
                Cover latest = draft.covers.get(concept);
                if (latest == null || end.isAfter(latest.end())) {
                    draft.covers.put(concept, new Cover(end, val.doubleValue()));
                }
            } else {
                draft.facts.putIfAbsent(new FactKey(concept, start, end), val.doubleValue());
            }
        }
        return malformed;
    }

    private Conversion assemble(String source, String symbol, String cik, Map<String, Draft> drafts, int malformed) {
        Map<String, Integer> skippedByForm = new TreeMap<>();
        int incomplete = 0;
        int empty = 0;
        int relabelled = 0;
        Map<String, Integer> perConcept = new LinkedHashMap<>();
        concepts.concepts().forEach(c -> perConcept.put(c, 0));
        record Written(LocalDate filed, String accession, String line) {}
        List<Written> written = new ArrayList<>();
        for (Map.Entry<String, Draft> e : drafts.entrySet()) {
            Draft d = e.getValue();
            String form = mostCommon(d.forms);
            if (form == null || !FORM.matcher(form).matches()) {
                skippedByForm.merge(form == null ? "(no form)" : form, 1, Integer::sum);
                continue;
            }
            Integer year = mostCommon(d.years);
            String period = mostCommon(d.periods);
            LocalDate filed = date(mostCommon(d.filed));
            if (year == null || filed == null || period == null || !FISCAL_PERIODS.contains(period)) {
                incomplete++;
                continue;
            }
            TreeMap<FactKey, Double> facts = new TreeMap<>(FACT_ORDER);
            facts.putAll(d.facts);
            LocalDate periodEnd = facts.keySet().stream().map(FactKey::end).max(Comparator.naturalOrder()).orElse(null);
            if (periodEnd != null) {
                d.covers.forEach((concept, cover) -> facts.putIfAbsent(new FactKey(concept, null, periodEnd),
                        cover.value()));
            }
            if (facts.isEmpty()) {
                empty++;
                continue;
            }
            if (form.startsWith("10-Q") && period.equals("FY")) {
                period = quarterOf(facts.keySet(), periodEnd);
                if (period == null) {
                    incomplete++;
                    continue;
                }
                relabelled++;
            }
            facts.keySet().forEach(k -> perConcept.merge(k.concept(), 1, Integer::sum));
            written.add(new Written(filed, e.getKey(), line(symbol, cik, form, e.getKey(), filed, year, period, facts)));
        }
        written.sort(Comparator.comparing(Written::filed).thenComparing(Written::accession));
        return new Conversion(source, symbol, cik, written.stream().map(Written::line).toList(),
                Collections.unmodifiableMap(skippedByForm), incomplete, empty, relabelled, malformed,
                Collections.unmodifiableMap(perConcept));
    }

    /** Q1..Q3 from the longest duration ending at the period end (3, 6 or 9 months), else null. */
    private static String quarterOf(Iterable<FactKey> facts, LocalDate periodEnd) {
        long days = 0;
        for (FactKey k : facts) {
            if (k.start() != null && k.end().equals(periodEnd)) {
                days = Math.max(days, ChronoUnit.DAYS.between(k.start(), k.end()) + 1);
            }
        }
        long quarters = Math.round(days / DAYS_PER_QUARTER);
        return quarters >= 1 && quarters <= 3 ? "Q" + quarters : null;
    }

    /** The most frequent key; ties go to the smallest. Null when there is none. */
    private static <T extends Comparable<T>> T mostCommon(Map<T, Integer> counts) {
        return counts.entrySet().stream()
                .max(Map.Entry.<T, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse(null);
    }

    private static String line(String symbol, String cik, String form, String accession, LocalDate filed, int year,
                               String period, Map<FactKey, Double> facts) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("symbol", symbol);
            g.writeStringField("cik", cik);
            g.writeStringField("form", form);
            g.writeStringField("accession", accession);
            g.writeStringField("filed", filed.toString());
            g.writeNumberField("fiscal_year", year);
            g.writeStringField("fiscal_period", period);
            g.writeArrayFieldStart("facts");
            for (Map.Entry<FactKey, Double> f : facts.entrySet()) {
                g.writeStartObject();
                g.writeStringField("concept", f.getKey().concept());
                if (f.getKey().start() != null) {
                    g.writeStringField("start", f.getKey().start().toString());
                }
                g.writeStringField("end", f.getKey().end().toString());
                double v = f.getValue();
                if (v == Math.rint(v) && Math.abs(v) < MAX_EXACT_INTEGER) {
                    g.writeNumberField("value", (long) v);
                } else {
                    g.writeNumberField("value", v);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
