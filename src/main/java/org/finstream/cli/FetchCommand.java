package org.finstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.finstream.config.FinstreamConfig;
import org.finstream.fetch.ActionFetcher;
import org.finstream.fetch.FetchContext;
import org.finstream.fetch.FetchMetrics;
import org.finstream.fetch.FetchPublisher;
import org.finstream.fetch.FetchSettings;
import org.finstream.fetch.PriceFetcher;
import org.finstream.fetch.Provider;
import org.finstream.fetch.ProviderHttp;
import org.finstream.fetch.ReferenceFetcher;
import org.finstream.records.Symbols;
import org.finstream.runtime.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code finstream fetch}: provider fetchers publishing into the input topics. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Fetch market data from a provider's HTTP API into the input topics: rate-limited, retried,"
                + " resumable (progress in the compacted fetch-progress topic, in the same Kafka transaction as the"
                + " records). See the README, \"Fetching from providers\"."},
        subcommands = {FetchCommand.Prices.class, FetchCommand.Actions.class, FetchCommand.Reference.class})
final class FetchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw Main.missing("data set", spec);
    }

    /** The provider of the EODHD-style API: base URL, API key, ticker suffix. */
    static final class Api {
        @Option(names = "--base-url", required = true, paramLabel = "URL",
                description = "The provider's API root, e.g. https://eodhd.com")
        URI baseUrl;

        @Option(names = "--api-key-env", defaultValue = "EODHD_API_KEY", paramLabel = "VAR",
                description = "Environment variable holding the API key (default: ${DEFAULT-VALUE}; unset: no key is sent)")
        String apiKeyEnv;

        @Option(names = "--exchange", defaultValue = "US", description = "Ticker suffix (default: ${DEFAULT-VALUE})")
        String exchange;

        Provider provider() {
            String key = System.getenv(apiKeyEnv);
            return new Provider(baseUrl, key == null || key.isBlank() ? null : key, exchange.isBlank() ? null : exchange);
        }
    }

    /** The symbols to fetch. */
    static final class Universe {
        @Option(names = "--symbols", split = ",", paramLabel = "SYM", description = "Symbols to fetch (comma-separated)")
        List<String> symbols = new ArrayList<>();

        @Option(names = "--symbols-file", paramLabel = "FILE", description = "File of symbols, one per line (# comments)")
        Path symbolsFile;

        /** The symbols of --symbols and --symbols-file, in order, each once; each must be a valid symbol. */
        List<String> symbols() throws IOException {
            LinkedHashSet<String> all = new LinkedHashSet<>();
            symbols.forEach(s -> all.add(s.trim()));
            if (symbolsFile != null) {
                if (!Files.isRegularFile(symbolsFile)) {
                    throw new IllegalArgumentException("--symbols-file " + symbolsFile + " is not a readable file");
                }
                for (String line : Files.readAllLines(symbolsFile)) {
                    String s = line.replaceFirst("#.*", "").trim();
                    if (!s.isEmpty()) {
                        all.add(s);
                    }
                }
            }
            if (all.isEmpty()) {
                throw new IllegalArgumentException("no symbols: give --symbols or --symbols-file");
            }
            for (String s : all) {
                if (!Symbols.isValid(s)) {
                    throw new IllegalArgumentException("not a symbol: '" + s + "' (1 to 15 characters of A-Z 0-9 . - ^)");
                }
            }
            return List.copyOf(all);
        }
    }

    /** The politeness settings every fetcher takes. */
    static final class Politeness {
        @Option(names = "--requests-per-minute", defaultValue = "60",
                description = "The provider's rate limit, shared by all threads (default: ${DEFAULT-VALUE})")
        double requestsPerMinute;

        @Option(names = "--burst", defaultValue = "5", description = "Requests allowed at once after a pause (default: ${DEFAULT-VALUE})")
        int burst;

        @Option(names = "--concurrency", defaultValue = "4", description = "Requests in flight at most (default: ${DEFAULT-VALUE})")
        int concurrency;

        @Option(names = "--timeout", defaultValue = "PT30S", description = "Per-request timeout (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Option(names = "--attempts", defaultValue = "4", description = "Attempts per request, retries included (default: ${DEFAULT-VALUE})")
        int attempts;

        @Option(names = "--every", paramLabel = "DURATION",
                description = "Keep running: fetch again after each DURATION (e.g. PT1H); default: once")
        Duration every;

        /** The settings (their {@code build()} checks them); checks --every first. */
        FetchSettings.Builder settings() {
            if (every != null && (every.isNegative() || every.isZero())) {
                throw new IllegalArgumentException("--every must be > 0, got " + every);
            }
            return FetchSettings.builder().requestsPerMinute(requestsPerMinute).burst(burst)
                    .maxConcurrentRequests(concurrency).requestTimeout(timeout).maxAttempts(attempts);
        }

        /**
         * Runs {@code round} once, or every {@code --every} until interrupted, printing the
         * metrics' summary after each round.
         */
        int rounds(PrintWriter out, FetchMetrics metrics, Round round) throws Exception {
            while (true) {
                round.run();
                out.println(metrics.summary());
                out.flush();
                if (every == null) {
                    return 0;
                }
                Thread.sleep(every.toMillis());
            }
        }
    }

    /** One fetch round. */
    @FunctionalInterface
    interface Round {
        void run() throws Exception;
    }

    /**
     * What every data set's subcommand shares: the provider, the symbols, politeness and configuration; {@link
     * #call()} checks them all, opens the publisher of source {@code eodhd/<subcommand>} (fencing its earlier
     * fetchers) and runs the rounds.
     */
    abstract static class DataSet implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Api api;

        @Mixin
        Universe universe;

        @Mixin
        Politeness politeness;

        @Mixin
        ConfigOptions config;

        /** Refuses this data set's own bad options ({@link IllegalArgumentException}); called before anything is opened. */
        abstract void check();

        /** One round of this data set's fetcher over {@code symbols}. */
        abstract Round round(List<String> symbols, FetchContext context);

        @Override
        public Integer call() throws Exception {
            List<String> symbols = universe.symbols();
            Provider provider = api.provider();
            FetchSettings settings = politeness.settings().build();
            check();
            FinstreamConfig c = config.load();
            Topics.ensure(c.kafka);
            FetchMetrics metrics = new FetchMetrics();
            try (FetchPublisher publisher = FetchPublisher.open(c.kafka, "eodhd/" + spec.name(), metrics)) {
                return politeness.rounds(spec.commandLine().getOut(), metrics, round(symbols, new FetchContext(provider,
                        new ProviderHttp(settings, metrics), publisher, metrics, Clock.systemUTC())));
            }
        }
    }

    /** Refuses a date range that ends before it starts. */
    static void ordered(LocalDate from, LocalDate to) {
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("--from " + from + " is after --to " + to);
        }
    }

    /** Today in UTC on {@code clock}. */
    private static LocalDate today(Clock clock) {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    @Command(name = "prices", mixinStandardHelpOptions = true,
            description = {"Daily bars (GET <base>/api/eod/<SYMBOL>.<EXCHANGE>?from&to) into the prices topic; each"
                    + " symbol only from the day after the last one it has published."})
    static final class Prices extends DataSet {
        @Option(names = "--from", description = "First date (default: one year before --to)")
        LocalDate from;

        @Option(names = "--to", description = "Last date (default: yesterday, UTC: the last complete day)")
        LocalDate to;

        @Override
        void check() {
            ordered(from, to);
        }

        @Override
        Round round(List<String> symbols, FetchContext context) {
            PriceFetcher fetcher = new PriceFetcher(context);
            return () -> {
                LocalDate last = to != null ? to : today(context.clock()).minusDays(1);
                LocalDate first = from != null ? from : last.minusYears(1);
                fetcher.fetch(symbols, first, last, politeness.concurrency);
            };
        }
    }

    @Command(name = "actions", mixinStandardHelpOptions = true,
            description = {"Dividends and splits (GET <base>/api/div/<SYMBOL>.<EXCHANGE>?from and"
                    + " /api/splits/<SYMBOL>.<EXCHANGE>?from) into the corporate-actions topic: a dividend as the cash"
                    + " paid per share (unadjustedValue), a split as new shares per old; each symbol only from the day"
                    + " after the last ex-date it has published."})
    static final class Actions extends DataSet {
        @Option(names = "--from", defaultValue = "1900-01-01",
                description = "First ex-date (default: ${DEFAULT-VALUE}, the whole history)")
        LocalDate from;

        @Option(names = "--to", description = "Last ex-date (default: today, UTC)")
        LocalDate to;

        @Override
        void check() {
            ordered(from, to);
        }

        @Override
        Round round(List<String> symbols, FetchContext context) {
            ActionFetcher fetcher = new ActionFetcher(context);
            return () -> fetcher.fetch(symbols, from, to != null ? to : today(context.clock()), politeness.concurrency);
        }
    }

    @Command(name = "reference", mixinStandardHelpOptions = true,
            description = {"Name, sector, industry and CIK (GET <base>/api/fundamentals/<SYMBOL>.<EXCHANGE>"
                    + "?filter=General) into the reference topic; conditional requests, and only what changed is"
                    + " published."})
    static final class Reference extends DataSet {
        @Option(names = "--max-age", defaultValue = "P7D", paramLabel = "DURATION",
                description = "Ask again only for symbols checked longer ago than this (default: ${DEFAULT-VALUE};"
                        + " PT0S: every symbol, conditionally)")
        Duration maxAge;

        @Override
        void check() {
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("--max-age must be >= 0, got " + maxAge);
            }
        }

        @Override
        Round round(List<String> symbols, FetchContext context) {
            ReferenceFetcher fetcher = new ReferenceFetcher(context);
            return () -> fetcher.fetch(symbols, maxAge, politeness.concurrency);
        }
    }
}
