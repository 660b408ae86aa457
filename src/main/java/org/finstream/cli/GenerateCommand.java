package org.finstream.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.finstream.generator.GenerationSummary;
import org.finstream.generator.GeneratorOptions;
import org.finstream.generator.MarketGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate a synthetic market in the input formats: factor-model prices for N stocks plus the"
                + " benchmark and factor ETFs, splits and dividends, reference data, quarterly filings and"
                + " portfolio trades. Deterministic for a seed."})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--symbols", defaultValue = "500", description = "Stocks, besides the 8 ETFs (default: ${DEFAULT-VALUE})")
    int symbols;

    @Option(names = "--days", defaultValue = "339", description = "Trading days (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--portfolios", defaultValue = "1000", description = "Portfolios of ~21 positions (default: ${DEFAULT-VALUE})")
    int portfolios;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--start", defaultValue = "2023-01-02", description = "First calendar date (default: ${DEFAULT-VALUE})")
    LocalDate start;

    @Option(names = "--intraday-days", defaultValue = "0",
            description = "Last N trading days that also get intraday bars (default: ${DEFAULT-VALUE})")
    int intradayDays;

    @Option(names = "--intraday-bars", defaultValue = "13", description = "Intraday bars per day (default: ${DEFAULT-VALUE})")
    int intradayBars;

    @Option(names = "--dirty", defaultValue = "0",
            description = "Invalid records to add in *_dirty.* files, to see dead letters (default: ${DEFAULT-VALUE})")
    int dirty;

    @Option(names = "--filing-years", defaultValue = "2",
            description = "Fiscal years of filings before the first trading day's (default: ${DEFAULT-VALUE})")
    int filingYears;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder")
    Path out;

    @Override
    public Integer call() throws Exception {
        GenerationSummary summary = new MarketGenerator().generate(options());
        summary.lines().forEach(System.out::println);
        return 0;
    }

    GeneratorOptions options() {
        return new GeneratorOptions(symbols, days, portfolios, seed, start, out, intradayDays, intradayBars, dirty,
                filingYears);
    }
}
