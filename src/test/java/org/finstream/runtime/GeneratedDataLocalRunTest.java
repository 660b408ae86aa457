package org.finstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.finstream.cli.Main;
import org.finstream.generator.GeneratorOptions;
import org.finstream.generator.MarketGenerator;
import org.finstream.ingest.CsvLine;
import org.finstream.reference.FundamentalsReference;
import org.finstream.reference.PortfolioReference;
import org.finstream.reference.ResultCsv;
import org.finstream.reference.SymbolDailyCsv;
import org.finstream.reference.SymbolMetricsReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code finstream local} over generated data with splits, dividends, intraday bars for the
 * last days, filings with YTD cash flows, amendments and fiscal years ending in December,
 * September and January, and dirty records: every exported per-symbol, fundamentals and
 * valuation, portfolio and correlation value matches the brute-force references (relative
 * error 1e-9; P&L, equity and return also within 1e-12 of their terms' scale), the provisional
 * rows of the intraday days were replaced by final ones, and every invalid price or action was
 * dead-lettered.
 */
class GeneratedDataLocalRunTest {
    @Test
    void metricsOnGeneratedDataMatchTheReference(@TempDir Path tmp) throws Exception {
        Path input = tmp.resolve("in");
        new MarketGenerator().generate(GeneratorOptions.defaults(input).withSymbols(25).withDays(300).withPortfolios(30)
                .withIntraday(2, 6).withDirty(30).withSeed(99));
        List<String> actions = Files.readAllLines(input.resolve("corporate_actions.csv"));
        assertTrue(actions.stream().anyMatch(l -> l.contains(",split,")), "the data has splits");
        assertTrue(actions.stream().anyMatch(l -> l.contains(",dividend,")), "the data has dividends");

        SymbolMetricsReference reference = SymbolMetricsReference.fromFolder(input, SymbolMetricsReference.Params.defaults());
        Map<String, SortedMap<LocalDate, Map<String, Double>>> expected = reference.compute();
        Path out = tmp.resolve("out");
        assertEquals(0, Main.execute("local", "--data", input.toString(), "--export", out.toString()));

        int compared = SymbolDailyCsv.assertMatches(out.resolve("symbol_daily.csv"), expected,
                SymbolMetricsReference.Params.defaults().columns(), 1e-9);
        assertTrue(compared > 100_000, "compared " + compared + " values");
        assertTrue(expected.get("SPY").values().stream().anyMatch(r -> r.get("vol_252") != null), "vol_252 filled");
        Map<String, Map<String, String>> exported = SymbolDailyCsv.read(out.resolve("symbol_daily.csv"));
        assertTrue(exported.values().stream().allMatch(r -> r.get("provisional").equals("false")),
                "intraday provisional rows were replaced by final rows");

        FundamentalsReference fundamentals = FundamentalsReference.fromFolder(input);
        int fundamentalsCompared = ResultCsv.assertMatches(out.resolve("fundamentals.csv"), List.of("symbol", "period_end"),
                fundamentals.fundamentals(), FundamentalsReference.FUNDAMENTALS_COLUMNS, 1e-9);
        int valuationCompared = ResultCsv.assertMatches(out.resolve("valuation_daily.csv"), List.of("symbol", "date"),
                fundamentals.valuation(), FundamentalsReference.VALUATION_COLUMNS, 1e-9);
        assertTrue(fundamentalsCompared > 3_000, "compared " + fundamentalsCompared + " fundamentals values");
        assertTrue(valuationCompared > 50_000, "compared " + valuationCompared + " valuation values");

        PortfolioReference portfolios = PortfolioReference.fromFolder(input, SymbolMetricsReference.Params.defaults());
        int portfolioCompared = PortfolioReference.assertDailyMatches(out.resolve("portfolio_daily.csv"), portfolios, 1e-9);
        int correlationsCompared = PortfolioReference.assertCorrelationsMatch(out.resolve("portfolio_correlations.csv"),
                portfolios, 1e-9);
        assertTrue(portfolioCompared > 5_000, "compared " + portfolioCompared + " portfolio values");
        assertTrue(correlationsCompared > 300, "compared " + correlationsCompared + " correlations");

        long priceAndActionDeadLetters = Files.readAllLines(out.resolve("dead_letters.csv")).stream().skip(1)
                .map(CsvLine::split).filter(f -> f.get(0).equals("prices") || f.get(0).equals("corporate-actions")).count();
        assertTrue(reference.skippedRows() > 0, "dirty prices and actions");
        assertEquals(reference.skippedRows(), priceAndActionDeadLetters);
    }
}
