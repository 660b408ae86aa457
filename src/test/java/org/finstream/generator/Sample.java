package org.finstream.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A generated data set read back from its files, for assertions. */
final class Sample {
    /** The small configuration of most tests: 20 stocks, 300 days, 10 portfolios. */
    static GeneratorOptions small(Path dir) {
        return GeneratorOptions.defaults(dir).withSymbols(20).withDays(300).withPortfolios(10);
    }

    /** A daily bar read back from {@code prices.csv}. */
    record Bar(String symbol, LocalDate date, double open, double high, double low, double close, long volume) {
        static Bar parse(String[] f) {
            return new Bar(f[0], LocalDate.parse(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]), Long.parseLong(f[6]));
        }
    }

    final GeneratorOptions options;
    final GenerationSummary summary;
    final List<LocalDate> days;
    private Map<String, TreeMap<LocalDate, Bar>> bars;

    private Sample(GeneratorOptions options, GenerationSummary summary) {
        this.options = options;
        this.summary = summary;
        this.days = TradingCalendar.tradingDays(options.startDate(), options.days());
    }

    static Sample generate(GeneratorOptions options) throws IOException {
        return new Sample(options, new MarketGenerator().generate(options));
    }

    Path file(String name) {
        return options.outDir().resolve(name);
    }

    /** All lines of a file, header included. */
    List<String> allLines(String name) {
        try {
            return Files.readAllLines(file(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data lines: without the header row of a CSV file. */
    List<String> lines(String name) {
        List<String> all = allLines(name);
        return name.endsWith(".csv") ? all.subList(1, all.size()) : all;
    }

    List<String[]> rows(String name) {
        List<String[]> rows = new ArrayList<>();
        for (String line : lines(name)) {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    /** Daily bars by symbol, then date. */
    Map<String, TreeMap<LocalDate, Bar>> bars() {
        if (bars == null) {
            bars = new LinkedHashMap<>();
            for (String[] f : rows(MarketGenerator.PRICES)) {
                Bar b = Bar.parse(f);
                bars.computeIfAbsent(b.symbol(), s -> new TreeMap<>()).put(b.date(), b);
            }
        }
        return bars;
    }

    /** Split ratios by symbol, then ex-date. */
    Map<String, Map<LocalDate, Double>> splits() {
        return actions("split");
    }

    /** Cash dividends by symbol, then ex-date. */
    Map<String, Map<LocalDate, Double>> dividends() {
        return actions("dividend");
    }

    private Map<String, Map<LocalDate, Double>> actions(String type) {
        Map<String, Map<LocalDate, Double>> actions = new LinkedHashMap<>();
        for (String[] f : rows(MarketGenerator.CORPORATE_ACTIONS)) {
            if (f[2].equals(type)) {
                actions.computeIfAbsent(f[0], s -> new TreeMap<>()).put(LocalDate.parse(f[1]),
                        Double.parseDouble(f[3]));
            }
        }
        return actions;
    }

    /**
     * The total returns {@code (c_d + D_d) * s_d / c_{d-1} - 1} of a symbol, recomputed from
     * the files, indexed by trading day (index 0 has none and is NaN).
     */
    double[] returns(String symbol) {
        TreeMap<LocalDate, Bar> series = bars().get(symbol);
        Map<LocalDate, Double> splits = splits().getOrDefault(symbol, Map.of());
        Map<LocalDate, Double> dividends = dividends().getOrDefault(symbol, Map.of());
        double[] r = new double[days.size()];
        r[0] = Double.NaN;
        for (int d = 1; d < days.size(); d++) {
            LocalDate date = days.get(d);
            double close = series.get(date).close();
            double previous = series.get(days.get(d - 1)).close();
            r[d] = (close + dividends.getOrDefault(date, 0.0)) * splits.getOrDefault(date, 1.0) / previous - 1;
        }
        return r;
    }

    List<JsonNode> filings() {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> filings = new ArrayList<>();
        for (String line : lines(MarketGenerator.FILINGS)) {
            try {
                filings.add(json.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return filings;
    }

    LocalDate firstDay() {
        return days.get(0);
    }

    LocalDate lastDay() {
        return days.get(days.size() - 1);
    }
}
