package org.finstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.finstream.generator.GeneratorOptions;
import org.finstream.generator.MarketGenerator;
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
        Path daily = results.resolve("symbol_daily.csv");
        System.out.println();
        System.out.println("results in " + results.toAbsolutePath() + " (one CSV file per table)");
        System.out.println("sample of " + daily.getFileName() + ":");
        List<String> lines = Files.readAllLines(daily);
        lines.stream().limit(1).forEach(l -> System.out.println("  " + l));
        lines.stream().skip(Math.max(1, lines.size() / 2)).limit(5).forEach(l -> System.out.println("  " + l));
        System.out.println("dead letters (invalid input, with raw bytes and error code): "
                + results.resolve("dead_letters.csv").toAbsolutePath());
        return 0;
    }
}
