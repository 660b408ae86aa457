package org.finstream.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.finstream.analytics.MetricsSpec;
import org.finstream.records.Symbols;

/**
 * Every setting of finstream, from {@code finstream-defaults.yaml}, an optional config file,
 * {@code key.path=value} overrides and the environment, in that order of precedence (last wins).
 */
public class FinstreamConfig implements Serializable {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Kafka kafka = new Kafka();
    public Postgres postgres = new Postgres();
    public Flink flink = new Flink();
    public Ingest ingest = new Ingest();
    public Metrics metrics = new Metrics();
    public FundamentalsSettings fundamentals = new FundamentalsSettings();
    public PortfolioSettings portfolio = new PortfolioSettings();
    public LiveSettings live = new LiveSettings();

    public static class Kafka implements Serializable {
        /** Topics (by their key in {@link #topics}) keyed by an id whose latest record is what counts: created compacted. */
        public static final Set<String> COMPACTED_TOPICS = Set.of("dead-letter-replays", "fetch-progress");

        public String bootstrapServers;
        public Map<String, String> properties = new LinkedHashMap<>();
        public int partitions;
        public short replicationFactor;
        public Duration transactionTimeout;
        public String consumerGroup;
        public Map<String, String> topics = new LinkedHashMap<>();

        public String topic(String name) {
            String t = topics.get(name);
            if (t == null) {
                throw new IllegalArgumentException("no topic configured for '" + name + "'");
            }
            return t;
        }
    }

    public static class Postgres implements Serializable {
        public String url;
        public String user;
        public String password;
        public Map<String, String> properties = new LinkedHashMap<>();
        public int batchSize;
        public Duration batchInterval;
        /** at-least-once (idempotent upserts) or exactly-once (XA transactions committed with checkpoints). */
        public String delivery;

        /** Whether the sinks write in XA transactions; throws IllegalArgumentException on an unknown value. */
        public boolean exactlyOnce() {
            if (!"at-least-once".equals(delivery) && !"exactly-once".equals(delivery)) {
                throw new IllegalArgumentException("postgres.delivery must be at-least-once or exactly-once, got '"
                        + delivery + "'");
            }
            return delivery.equals("exactly-once");
        }
    }

    public static class Flink implements Serializable {
        public int parallelism;
        public Duration checkpointInterval;
        /** Longest a record waits in a partly filled network buffer between operators. */
        public Duration bufferTimeout;
        public String stateDir;
        /** rocksdb (large state, incremental checkpoints) or hashmap (state on the heap). */
        public String stateBackend;
        /** Restarts from the last checkpoint after a failure before the job fails (0: none). */
        public int restartAttempts;
        public Duration restartDelay;
        /** REST port of the in-process MiniCluster of {@code run} and {@code backfill} (0: any free port). */
        public int restPort;
        /** Managed memory of the in-process MiniCluster (RocksDB's block cache and write buffers), e.g. 1g. */
        public String managedMemory;
        /** Port (or range, e.g. 9249-9259) of the in-process MiniCluster's Prometheus endpoint; empty: none. */
        public String metricsPort;
    }

    public static class Ingest implements Serializable {
        public Duration allowedLateness;
        public Duration idleFlush;
        public Duration idleTimeout;
        public Duration dedupRetention;
        /** How long intraday bars' keys are remembered (one per tick, so far shorter). */
        public Duration intradayDedupRetention;

        /** These settings with idle-timeout and idle-flush off (0), for bounded input. */
        public Ingest withoutIdleness() {
            Ingest copy = new Ingest();
            copy.allowedLateness = allowedLateness;
            copy.idleFlush = Duration.ZERO;
            copy.idleTimeout = Duration.ZERO;
            copy.dedupRetention = dedupRetention;
            copy.intradayDedupRetention = intradayDedupRetention;
            return copy;
        }
    }

    /** Fundamentals from filings (METRICS.md section 4). */
    public static class FundamentalsSettings implements Serializable {
        public Duration filingRetention;
    }

    /** Portfolios (METRICS.md section 6). */
    public static class PortfolioSettings implements Serializable {
        public Duration correctionWindow;

        /** Days a back-dated trade may reach behind the watermark; throws IllegalArgumentException when negative. */
        public long correctionDays() {
            if (correctionWindow == null || correctionWindow.isNegative()) {
                throw new IllegalArgumentException("portfolio.correction-window must be a duration of 0 or more days: "
                        + correctionWindow);
            }
            return correctionWindow.toDays();
        }
    }

    /** Provisional rows of live jobs (intraday prices of a day not closed yet). */
    public static class LiveSettings implements Serializable {
        /** Each symbol's and portfolio's provisional rows at most this often (0: on every intraday price). */
        public Duration emitInterval;
        /** Each symbol's provisional row goes on to the portfolios holding it at most this often (0: every one). */
        public Duration portfolioInterval;
    }

    /** Per-symbol market metrics (METRICS.md section 3). */
    public static class Metrics implements Serializable {
        public String benchmark;
        public String ratesProxy;
        /** Spread name -> "LONG-SHORT" (or "LONG - SHORT" when a symbol contains '-'). */
        public Map<String, String> spreads = new LinkedHashMap<>();
        public List<String> factors = new ArrayList<>();
        public List<Integer> volatilityWindows = new ArrayList<>();
        public int annualizationDays;
        public int betaWindow;
        public int ridgeWindow;
        public double ridgeLambda;
        public int extremesWindow;
        public int volumeWindow;
        public Duration symbolRetention;

        /** The validated shape of the metrics; throws IllegalArgumentException naming what is wrong. */
        public MetricsSpec spec() {
            for (String name : spreads.keySet()) {
                requireName(name, "spread");
            }
            for (String name : factors) {
                requireName(name, "factor");
            }
            spreadLegs();
            if (symbolRetention == null || symbolRetention.toDays() < 1) {
                throw new IllegalArgumentException("metrics.symbol-retention must be at least one day: " + symbolRetention);
            }
            return new MetricsSpec(volatilityWindows.stream().mapToInt(Integer::intValue).toArray(), annualizationDays,
                    betaWindow, List.copyOf(spreads.keySet()), ridgeWindow, factors, ridgeLambda, extremesWindow,
                    volumeWindow);
        }

        /** The symbol of each beta series, in {@link MetricsSpec#betaSeries()} order: {long, short} or {symbol}. */
        public List<String[]> seriesSymbols() {
            List<String[]> legs = new ArrayList<>();
            legs.add(new String[] {requireSymbol(benchmark, "metrics.benchmark")});
            legs.add(new String[] {requireSymbol(ratesProxy, "metrics.rates-proxy")});
            legs.addAll(spreadLegs());
            return legs;
        }

        private List<String[]> spreadLegs() {
            List<String[]> legs = new ArrayList<>();
            spreads.forEach((name, definition) -> {
                String key = "metrics.spreads." + name;
                String d = definition == null ? "" : definition.trim();
                String[] parts = d.contains(" - ") ? d.split(" - ", -1) : d.split("-", -1);
                if (parts.length != 2) {
                    throw new IllegalArgumentException(key + " must be LONG-SHORT (write 'LONG - SHORT' when a symbol"
                            + " contains '-'), got '" + definition + "'");
                }
                legs.add(new String[] {requireSymbol(parts[0].trim(), key), requireSymbol(parts[1].trim(), key)});
            });
            return legs;
        }

        private static String requireSymbol(String symbol, String key) {
            if (!Symbols.isValid(symbol)) {
                throw new IllegalArgumentException(key + ": '" + symbol + "' is not a symbol (1 to 15 of A-Z 0-9 . - ^)");
            }
            return symbol;
        }

        private static void requireName(String name, String what) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(what + " name '" + name
                        + "' must be lower case letters, digits and '_', starting with a letter (it names a column)");
            }
        }

        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,40}");
    }

    /** Defaults only (plus the environment). */
    public static FinstreamConfig defaults() {
        return load(null, List.of(), System::getenv);
    }

    /**
     * @param file      optional YAML file with any subset of the keys
     * @param overrides {@code dotted.key=value} pairs, e.g. {@code ingest.allowed-lateness=PT12H}
     * @param env       environment lookup (System::getenv in production)
     */
    public static FinstreamConfig load(Path file, List<String> overrides, Function<String, String> env) {
        try {
            ObjectNode tree;
            try (InputStream in = FinstreamConfig.class.getResourceAsStream("/finstream-defaults.yaml")) {
                tree = (ObjectNode) YAML.readTree(in);
            }
            if (file != null) {
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("config file not found: " + file);
                }
                JsonNode user = YAML.readTree(file.toFile());
                if (user != null && !user.isMissingNode() && !user.isNull()) {
                    if (!user.isObject()) {
                        throw new IllegalArgumentException("config file " + file + " is not a YAML mapping");
                    }
                    merge(tree, (ObjectNode) user, "");
                }
            }
            for (String o : overrides) {
                set(tree, o);
            }
            setFromEnv(tree, env, "FINSTREAM_KAFKA_BOOTSTRAP", "kafka", "bootstrap-servers");
            setFromEnv(tree, env, "FINSTREAM_JDBC_URL", "postgres", "url");
            setFromEnv(tree, env, "FINSTREAM_JDBC_USER", "postgres", "user");
            setFromEnv(tree, env, "FINSTREAM_JDBC_PASSWORD", "postgres", "password");
            return YAML.treeToValue(tree, FinstreamConfig.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
        }
    }

    private static void merge(ObjectNode target, ObjectNode source, String path) {
        source.fields().forEachRemaining(e -> {
            JsonNode existing = target.get(e.getKey());
            String at = path + e.getKey();
            if (existing == null) {
                throw new IllegalArgumentException("unknown configuration key '" + at + "'");
            }
            if (existing.isObject() && e.getValue().isObject() && !isFreeForm(at)) {
                merge((ObjectNode) existing, (ObjectNode) e.getValue(), at + ".");
            } else {
                target.set(e.getKey(), e.getValue());
            }
        });
    }

    /** Maps whose keys are the user's own (client properties), not configuration keys. */
    private static boolean isFreeForm(String path) {
        return path.endsWith(".properties") || path.equals("metrics.spreads");
    }

    private static void set(ObjectNode tree, String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected key.path=value, got '" + assignment + "'");
        }
        String[] path = assignment.substring(0, eq).split("\\.");
        String value = assignment.substring(eq + 1);
        ObjectNode node = tree;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = node.get(path[i]);
            if (child == null || !child.isObject()) {
                throw new IllegalArgumentException("unknown configuration key '" + assignment.substring(0, eq) + "'");
            }
            node = (ObjectNode) child;
            if (isFreeForm(String.join(".", java.util.Arrays.copyOf(path, i + 1)))) {
                node.put(String.join(".", java.util.Arrays.copyOfRange(path, i + 1, path.length)), value);
                return;
            }
        }
        String leaf = path[path.length - 1];
        if (!node.has(leaf)) {
            throw new IllegalArgumentException("unknown configuration key '" + assignment.substring(0, eq) + "'");
        }
        if (node.get(leaf).isArray()) {
            ArrayNode list = node.putArray(leaf);
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    list.add(item.trim());
                }
            }
        } else {
            node.put(leaf, value);
        }
    }

    private static void setFromEnv(ObjectNode tree, Function<String, String> env, String var, String section,
                                   String key) {
        String v = env.apply(var);
        if (v != null && !v.isBlank()) {
            ((ObjectNode) tree.get(section)).put(key, v);
        }
    }
}
