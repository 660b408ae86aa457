package org.finstream.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.finstream.records.Symbols;
import org.finstream.report.DateRange;
import org.finstream.report.ReportStore;
import org.finstream.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write an HTML report from PostgreSQL: index.html with the latest row of every symbol and"
                + " portfolio, and one page of charts per symbol and portfolio, linked relatively. Self-contained"
                + " files (inline SVG and CSS, no scripts), to open in any browser."})
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if needed)")
    Path out;

    @Option(names = "--symbol", paramLabel = "SYM", description = "A symbol to write a page for (repeatable;"
            + " default: every symbol, up to --limit)")
    List<String> symbols = new ArrayList<>();

    @Option(names = "--portfolio", paramLabel = "ID", description = "A portfolio to write a page for (repeatable;"
            + " default: every portfolio, up to --limit)")
    List<String> portfolios = new ArrayList<>();

    @Option(names = "--from", paramLabel = "DATE", description = "First date of the charts (default: the first row)")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last date of the charts (default: the last row)")
    LocalDate to;

    @Option(names = "--limit", defaultValue = "200", paramLabel = "N",
            description = "Pages of each kind written when none are named (default: ${DEFAULT-VALUE})")
    int limit;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        symbols.stream().filter(s -> !Symbols.isValid(s)).findFirst().ifPresent(s -> {
            throw new IllegalArgumentException("--symbol '" + s + "' is not a symbol (1 to 15 of A-Z 0-9 . - ^)");
        });
        ReportWriter.Selection selection = new ReportWriter.Selection(symbols, portfolios, new DateRange(from, to), limit);
        try (ReportStore store = ReportStore.open(config.load().postgres)) {
            for (Path p : ReportWriter.write(store, out, selection, System.err)) {
                System.out.println(p.toAbsolutePath());
            }
        }
        return 0;
    }
}
