package org.finstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import org.finstream.config.FinstreamConfig;
import org.finstream.fetch.ActionFetcher;
import org.finstream.fetch.EdgarFetcher;
import org.finstream.fetch.FetchContext;
import org.finstream.fetch.FetchMetrics;
import org.finstream.fetch.FetchPublisher;
import org.finstream.fetch.FetchSettings;
import org.finstream.fetch.MetricsEndpoint;
import org.finstream.fetch.PriceFetcher;
import org.finstream.fetch.Provider;
import org.finstream.fetch.QuoteFetcher;
import org.finstream.fetch.ReferenceFetcher;
import org.finstream.fetch.ProviderHttp;
import org.finstream.fetch.Schedule;
import org.finstream.ingest.EdgarConcepts;
import org.finstream.ingest.EdgarImport;
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
        subcommands = {FetchCommand.Prices.class, FetchCommand.Quotes.class, FetchCommand.Actions.class,
                FetchCommand.Reference.class, FetchCommand.Edgar.class})
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
                all.addAll(listFile("--symbols-file", symbolsFile).values());
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
                description = "Keep running: a round every DURATION (e.g. PT1H for filings hourly); default: once")
        Duration every;

        @Option(names = "--market-hours",
                description = "With --every: rounds only while the market is open (weekdays 09:30-16:00 in --zone)")
        boolean marketHours;

        @Option(names = "--daily-at", paramLabel = "HH:MM",
                description = "Keep running: a round now, then every weekday at HH:MM in --zone (e.g. 17:30, after the close)")
        LocalTime dailyAt;

        @Option(names = "--metrics-port", paramLabel = "PORT",
                description = "Serve the fetcher's counters for Prometheus on http://0.0.0.0:PORT/metrics while it runs")
        Integer metricsPort;

        @Option(names = "--zone", defaultValue = "America/New_York",
                description = "The market's time zone for --market-hours and --daily-at (default: ${DEFAULT-VALUE})")
        ZoneId zone;

        /** The settings (their {@code build()} checks them); checks the schedule first. */
        FetchSettings.Builder settings() {
            schedule();
            return FetchSettings.builder().requestsPerMinute(requestsPerMinute).burst(burst)
                    .maxConcurrentRequests(concurrency).requestTimeout(timeout).maxAttempts(attempts);
        }

        /** The schedule of --every, --market-hours and --daily-at (once when none is given). */
        Schedule schedule() {
            if (every != null && (every.isNegative() || every.isZero())) {
                throw new IllegalArgumentException("--every must be > 0, got " + every);
            }
            if (every != null && dailyAt != null) {
                throw new IllegalArgumentException("--every and --daily-at exclude each other");
            }
            if (marketHours && every == null) {
                throw new IllegalArgumentException("--market-hours needs --every (the polling interval)");
            }
            if (dailyAt != null) {
                return Schedule.dailyAt(dailyAt, zone);
            }
            if (every != null) {
                return marketHours ? Schedule.everyWhileOpen(every, zone) : Schedule.every(every);
            }
            return Schedule.once();
        }

        /**
         * Runs {@code round} on the schedule until it has no next round, printing the metrics'
         * summary after each. A round that fails ends a one-shot run; a scheduled one reports it
         * on {@code err} and goes on with the next round, unless Kafka failed (the publisher fenced
         * by a newer fetcher, the broker gone): then no round could publish.
         */
        int rounds(PrintWriter out, PrintWriter err, FetchMetrics metrics, Round round) throws Exception {
            Schedule schedule = schedule();
            Instant start = schedule.first(Instant.now());
            while (start != null) {
                sleepUntil(start);
                Instant began = Instant.now();
                try {
                    round.run();
                } catch (Exception e) {
                    Instant next = schedule.next(began);
                    if (next == null || isKafkaFailure(e)) {
                        throw e;
                    }
                    err.println("round failed (next round at " + next + "): " + e.getMessage());
                    err.flush();
                }
                out.println(metrics.summary());
                out.flush();
                start = schedule.next(began);
            }
            return 0;
        }

        private static boolean isKafkaFailure(Throwable e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof KafkaException) {
                    return true;
                }
            }
            return false;
        }

        private static void sleepUntil(Instant t) throws InterruptedException {
            long millis = Duration.between(Instant.now(), t).toMillis();
            if (millis > 0) {
                Thread.sleep(millis);
            }
        }
    }

    /**
     * The lines of the list file given as {@code option}, {@code #} comments removed, blank ones
     * left out, by line number (from 1).
     */
    static Map<Integer, String> listFile(String option, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + " " + file + " is not a readable file");
        }
        Map<Integer, String> lines = new LinkedHashMap<>();
        List<String> all = Files.readAllLines(file);
        for (int n = 0; n < all.size(); n++) {
            String line = all.get(n).replaceFirst("#.*", "").trim();
            if (!line.isEmpty()) {
                lines.put(n + 1, line);
            }
        }
        return lines;
    }

    /** One fetch round. */
    @FunctionalInterface
    interface Round {
        void run() throws Exception;
    }

    /**
     * What every fetch subcommand does: check its arguments before anything is opened, open the
     * publisher of its source (fencing earlier fetchers of it), and run its rounds on the schedule.
     */
    abstract static class Fetch implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Politeness politeness;

        @Mixin
        ConfigOptions config;

        /** The source's name in {@code fetch-progress} and in the transactional id. */
        abstract String source();

        /** Checks this command's own arguments, before anything is opened. */
        abstract void check() throws IOException;

        /** The provider asked (after {@link #check}). */
        abstract Provider provider();

        /** The HTTP settings. */
        FetchSettings settings() {
            return politeness.settings().build();
        }

        /** One round of fetching and publishing. */
        abstract Round round(FetchContext context);

        @Override
        public Integer call() throws Exception {
            FetchSettings settings = settings();
            check();
            FinstreamConfig c = config.load();
            Topics.ensure(c.kafka);
            FetchMetrics metrics = new FetchMetrics();
            try (FetchPublisher publisher = FetchPublisher.open(c.kafka, source(), metrics);
                 MetricsEndpoint endpoint = politeness.metricsPort == null ? null
                         : MetricsEndpoint.start(new InetSocketAddress(politeness.metricsPort), metrics)) {
                FetchContext context = new FetchContext(provider(), new ProviderHttp(settings, metrics), publisher,
                        metrics, Clock.systemUTC());
                return politeness.rounds(spec.commandLine().getOut(), spec.commandLine().getErr(), metrics, round(context));
            }
        }
    }

    /** A data set of the EODHD-style API ({@code eodhd/<subcommand>}): the provider's options and the symbols. */
    abstract static class Eodhd extends Fetch {
        @Mixin
        Api api;

        @Mixin
        Universe universe;

        List<String> symbols;
        private Provider provider;

        @Override
        String source() {
            return "eodhd/" + spec.name();
        }

        @Override
        final void check() throws IOException {
            symbols = universe.symbols();
            provider = api.provider();
            checkOptions();
        }

        /** Checks this data set's own options. */
        abstract void checkOptions();

        @Override
        Provider provider() {
            return provider;
        }

        /** Refuses {@code from} after {@code to}. */
        static void ordered(LocalDate from, LocalDate to) {
            if (from != null && to != null && from.isAfter(to)) {
                throw new IllegalArgumentException("--from " + from + " is after --to " + to);
            }
        }

        /** Today's date in UTC by {@code clock}. */
        static LocalDate today(Clock clock) {
            return LocalDate.now(clock.withZone(ZoneOffset.UTC));
        }
    }

    @Command(name = "prices", mixinStandardHelpOptions = true,
            description = {"Daily bars (GET <base>/api/eod/<SYMBOL>.<EXCHANGE>?from&to) into the prices topic; each"
                    + " symbol only from the day after the last one it has published."})
    static final class Prices extends Eodhd {
        @Option(names = "--from", description = "First date (default: one year before --to)")
        LocalDate from;

        @Option(names = "--to", description = "Last date (default: the last session that has closed, in --zone)")
        LocalDate to;

        @Option(names = "--bulk", defaultValue = "0", paramLabel = "N",
                description = "Day by day with the bulk endpoint, N symbols per request (for daily updates of a large"
                        + " universe); 0: one request per symbol for its whole missing range (default: ${DEFAULT-VALUE})")
        int bulk;

        @Override
        void checkOptions() {
            if (bulk < 0) {
                throw new IllegalArgumentException("--bulk must be >= 0, got " + bulk);
            }
            ordered(from, to);
        }

        @Override
        Round round(FetchContext context) {
            PriceFetcher fetcher = new PriceFetcher(context);
            return () -> {
                LocalDate last = to != null ? to : Schedule.lastSession(context.clock().instant(), politeness.zone);
                LocalDate first = from != null ? from : last.minusYears(1);
                if (bulk > 0) {
                    fetcher.fetchBulk(symbols, first, last, bulk, politeness.concurrency);
                } else {
                    fetcher.fetch(symbols, first, last, politeness.concurrency);
                }
            };
        }
    }

    @Command(name = "quotes", mixinStandardHelpOptions = true,
            description = {"Intraday polling (GET <base>/api/real-time/<SYMBOL>.<EXCHANGE>?s=...): each new snapshot of"
                    + " the day becomes an intraday bar in the prices topic; typically with --every PT1M --market-hours."})
    static final class Quotes extends Eodhd {
        @Option(names = "--per-request", defaultValue = "15",
                description = "Symbols per request (default: ${DEFAULT-VALUE})")
        int perRequest;

        @Override
        void checkOptions() {
            if (perRequest < 1) {
                throw new IllegalArgumentException("--per-request must be >= 1, got " + perRequest);
            }
        }

        @Override
        Round round(FetchContext context) {
            QuoteFetcher fetcher = new QuoteFetcher(context, politeness.zone);
            return () -> fetcher.poll(symbols, perRequest, politeness.concurrency);
        }
    }

    @Command(name = "actions", mixinStandardHelpOptions = true,
            description = {"Dividends and splits (GET <base>/api/div/<SYMBOL>.<EXCHANGE>?from and"
                    + " /api/splits/<SYMBOL>.<EXCHANGE>?from) into the corporate-actions topic: a dividend as the cash"
                    + " paid per share (unadjustedValue), a split as new shares per old; each symbol only from the day"
                    + " after the last ex-date it has published."})
    static final class Actions extends Eodhd {
        @Option(names = "--from", defaultValue = "1900-01-01",
                description = "First ex-date (default: ${DEFAULT-VALUE}, the whole history)")
        LocalDate from;

        @Option(names = "--to", description = "Last ex-date (default: today, UTC)")
        LocalDate to;

        @Override
        void checkOptions() {
            ordered(from, to);
        }

        @Override
        Round round(FetchContext context) {
            ActionFetcher fetcher = new ActionFetcher(context);
            return () -> fetcher.fetch(symbols, from, to != null ? to : today(context.clock()), politeness.concurrency);
        }
    }

    @Command(name = "reference", mixinStandardHelpOptions = true,
            description = {"Name, sector, industry and CIK (GET <base>/api/fundamentals/<SYMBOL>.<EXCHANGE>"
                    + "?filter=General) into the reference topic; conditional requests, and only what changed is"
                    + " published."})
    static final class Reference extends Eodhd {
        @Option(names = "--max-age", defaultValue = "P7D", paramLabel = "DURATION",
                description = "Ask again only for symbols checked longer ago than this (default: ${DEFAULT-VALUE};"
                        + " PT0S: every symbol, conditionally)")
        Duration maxAge;

        @Override
        void checkOptions() {
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("--max-age must be >= 0, got " + maxAge);
            }
        }

        @Override
        Round round(FetchContext context) {
            ReferenceFetcher fetcher = new ReferenceFetcher(context);
            return () -> fetcher.fetch(symbols, maxAge, politeness.concurrency);
        }
    }

    @Command(name = "edgar", mixinStandardHelpOptions = true, defaultValueProvider = FetchCommand.EdgarDefaults.class,
            description = {"SEC EDGAR filings (GET <base>/api/xbrl/companyfacts/CIK##########.json) into the filings"
                    + " topic, mapped as import-edgar maps them; only accessions not published yet. Conditional"
                    + " requests (ETag, Last-Modified); SEC requires --user-agent and allows 10 requests/s."})
    static final class Edgar extends Fetch {
        /** SEC EDGAR's fair-access limit: 10 requests per second. */
        static final int SEC_REQUESTS_PER_MINUTE = 600;

        @Option(names = "--companies", paramLabel = "FILE", description = "CSV of SYMBOL,CIK lines (# comments)")
        Path companiesFile;

        @Option(names = "--company", paramLabel = "SYMBOL=CIK", description = "One company (repeatable)")
        List<String> companies = new ArrayList<>();

        @Option(names = "--base-url", defaultValue = "https://data.sec.gov", paramLabel = "URL",
                description = "The EDGAR API root (default: ${DEFAULT-VALUE})")
        URI baseUrl;

        @Option(names = "--user-agent", required = true, paramLabel = "'NAME EMAIL'",
                description = "Who is asking, with a contact e-mail, e.g. 'Jane Doe jane@example.com' (SEC requires it)")
        String userAgent;

        @Option(names = "--max-age", defaultValue = "PT1H", paramLabel = "DURATION",
                description = "A company checked less than this long ago is skipped without a request"
                        + " (default: ${DEFAULT-VALUE})")
        Duration maxAge;

        private List<EdgarFetcher.Company> universe;

        @Override
        String source() {
            return EdgarFetcher.SOURCE;
        }

        @Override
        FetchSettings settings() {
            return politeness.settings().userAgent(userAgent).build();
        }

        @Override
        void check() throws IOException {
            universe = companies();
            if (!userAgent.contains("@")) {
                throw new IllegalArgumentException("--user-agent must name you and give a contact e-mail, as SEC"
                        + " requires (e.g. 'Jane Doe jane@example.com'), got '" + userAgent + "'");
            }
            if (politeness.requestsPerMinute > SEC_REQUESTS_PER_MINUTE) {
                throw new IllegalArgumentException("--requests-per-minute " + politeness.requestsPerMinute
                        + " is above SEC EDGAR's limit of 10 requests per second (" + SEC_REQUESTS_PER_MINUTE
                        + " per minute)");
            }
            if (politeness.burst > 1) {
                throw new IllegalArgumentException("--burst " + politeness.burst + " would let more than SEC EDGAR's"
                        + " 10 requests go out within a second; it is at most 1");
            }
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("--max-age must be >= 0, got " + maxAge);
            }
            provider(); // checks --base-url
        }

        @Override
        Provider provider() {
            return new Provider(baseUrl, null, null);
        }

        @Override
        Round round(FetchContext context) {
            EdgarFetcher fetcher = new EdgarFetcher(context, new EdgarImport(EdgarConcepts.defaults()), maxAge);
            return () -> fetcher.fetch(universe, politeness.concurrency);
        }

        /** The companies of --companies and --company, in order; a symbol given twice must have one CIK. */
        private List<EdgarFetcher.Company> companies() throws IOException {
            Map<String, EdgarFetcher.Company> all = new LinkedHashMap<>();
            if (companiesFile != null) {
                listFile("--companies", companiesFile).forEach((n, line) ->
                        add(all, line, ",", companiesFile + " line " + n));
            }
            for (String company : companies) {
                add(all, company, "=", "--company");
            }
            if (all.isEmpty()) {
                throw new IllegalArgumentException("no companies: give --companies FILE or --company SYMBOL=CIK");
            }
            return List.copyOf(all.values());
        }

        private static void add(Map<String, EdgarFetcher.Company> all, String text, String separator, String where) {
            String[] parts = text.split(separator, -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException(where + ": '" + text + "' is not SYMBOL" + separator + "CIK");
            }
            EdgarFetcher.Company company;
            try {
                company = new EdgarFetcher.Company(parts[0].trim(), parts[1].trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            EdgarFetcher.Company before = all.putIfAbsent(company.symbol(), company);
            if (before != null && !before.equals(company)) {
                throw new IllegalArgumentException(where + ": " + company.symbol() + " has CIK " + before.cik()
                        + " already, not " + company.cik());
            }
        }
    }

    /** SEC EDGAR's politeness defaults: 600 requests per minute, one at a time (at least 100 ms apart). */
    static final class EdgarDefaults implements CommandLine.IDefaultValueProvider {
        private static final Map<String, String> DEFAULTS = Map.of(
                "--requests-per-minute", Integer.toString(Edgar.SEC_REQUESTS_PER_MINUTE), "--burst", "1");

        @Override
        public String defaultValue(CommandLine.Model.ArgSpec argument) {
            return argument instanceof CommandLine.Model.OptionSpec option ? DEFAULTS.get(option.longestName()) : null;
        }
    }
}
