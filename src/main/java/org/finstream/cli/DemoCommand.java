package org.finstream.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.finstream.generator.GeneratorOptions;
import org.finstream.generator.MarketGenerator;
import org.finstream.ingest.CsvLine;
import org.finstream.runtime.LocalRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate a small synthetic market (with a few invalid records), run it through the embedded"
                + " stack with `local`, and show where the results are."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "finstream-demo", paramLabel = "DIR",
            description = "Folder for the generated input and the results (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--symbols", defaultValue = "40", description = "Stocks (default: ${DEFAULT-VALUE})")
    int symbols;

    @Option(names = "--days", defaultValue = "300", description = "Trading days (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--portfolios", defaultValue = "10", description = "Portfolios (default: ${DEFAULT-VALUE})")
    int portfolios;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        Path input = out.resolve("input");
        Path results = out.resolve("results");
        System.err.println("generating " + symbols + " stocks x " + days + " days x " + portfolios + " portfolios into "
                + input + " ...");
        new MarketGenerator().generate(GeneratorOptions.defaults(input).withSymbols(symbols).withDays(days)
                .withPortfolios(portfolios).withDirty(25));
        LocalRun.Summary summary = LocalRun.run(config.load(), input, results, System.err);
        summary.print(System.out);
        System.out.println();
        System.out.println("results in " + results.toAbsolutePath() + " (one CSV file per table)");
        printLastDay(results.resolve("symbol_daily.csv"), 1, 5);
        printLastDay(results.resolve("valuation_daily.csv"), 1, 3);
        printLastDay(results.resolve("portfolio_daily.csv"), 1, 3);
        System.out.println("dead letters (invalid input, with raw bytes and error code): "
                + results.resolve("dead_letters.csv").toAbsolutePath());
        return 0;
    }

    /** The header and up to {@code rows} rows of the file's latest date (column {@code dateColumn}). */
    private static void printLastDay(Path csv, int dateColumn, int rows) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.size() < 2) {
            return;
        }
        String last = lines.stream().skip(1).map(l -> CsvLine.split(l).get(dateColumn)).max(String::compareTo).orElseThrow();
        System.out.println("sample of " + csv.getFileName() + " (" + last + "):");
        System.out.println("  " + lines.get(0));
        lines.stream().skip(1).filter(l -> CsvLine.split(l).get(dateColumn).equals(last)).limit(rows)
                .forEach(l -> System.out.println("  " + l));
    }
}
