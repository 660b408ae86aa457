package org.finstream.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.finstream.cli.Main;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.TopicSnapshot;
import org.finstream.records.DeadLetterHeaders;
import org.finstream.runtime.EmbeddedKafka;
import org.finstream.runtime.Topics;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the fetcher tests share: a real Kafka broker, one per test class that registers the kit ({@code
 * @RegisterExtension static final FetchTestKit kit = new FetchTestKit();}), fresh configurations on it, fetchers
 * against a {@link LoopbackProvider}, fast retry settings, the topics' content, and the command line.
 */
final class FetchTestKit implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedKafka kafka;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        kafka.close();
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** A fresh configuration whose topics (and progress) no other test shares. */
    FinstreamConfig config(String prefix) throws Exception {
        FinstreamConfig c = FinstreamConfig.defaults();
        c.kafka.bootstrapServers = kafka.bootstrapServers();
        c.kafka.topics.replaceAll((k, v) -> prefix + "-" + v);
        c.kafka.consumerGroup = prefix;
        Topics.ensure(c.kafka);
        return c;
    }

    /** The default configuration on this broker: what the command uses without {@code --set kafka.topics...}. */
    FinstreamConfig defaultConfig() {
        FinstreamConfig c = FinstreamConfig.defaults();
        c.kafka.bootstrapServers = kafka.bootstrapServers();
        return c;
    }

    /** A fetcher with its publisher (closed with it) and metrics. */
    record Opened<F>(FetchPublisher publisher, F fetcher, FetchMetrics metrics) implements AutoCloseable {
        @Override
        public void close() {
            publisher.close();
        }
    }

    /** A fetcher of {@code source} against {@code server} (exchange {@code US}, API key {@code secret-key}). */
    static <F> Opened<F> open(FinstreamConfig c, LoopbackProvider server, String source,
                              Function<FetchContext, F> fetcher) {
        return open(c, server.uri("/"), settings(), source, fetcher);
    }

    /** A fetcher of {@code source} against the API at {@code base} with {@code settings}. */
    static <F> Opened<F> open(FinstreamConfig c, URI base, FetchSettings settings, String source,
                              Function<FetchContext, F> fetcher) {
        FetchMetrics metrics = new FetchMetrics();
        FetchPublisher publisher = FetchPublisher.open(c.kafka, source, metrics);
        Provider provider = new Provider(base, "secret-key", "US");
        return new Opened<>(publisher, fetcher.apply(new FetchContext(provider, new ProviderHttp(settings, metrics),
                publisher, metrics, Clock.systemUTC())), metrics);
    }

    /** Fast settings: no rate limit to speak of, back-off of milliseconds, 4 attempts. */
    static FetchSettings settings() {
        return FetchSettings.builder().requestsPerMinute(60_000).burst(20).maxConcurrentRequests(4)
                .requestTimeout(Duration.ofSeconds(5)).maxAttempts(4).backoffBase(Duration.ofMillis(10))
                .backoffMax(Duration.ofMillis(50)).maxRetryAfter(Duration.ofSeconds(1)).build();
    }

    /** A request's query parameters, undecoded. */
    static Map<String, String> query(String query) {
        Map<String, String> q = new TreeMap<>();
        for (String p : query.split("&")) {
            String[] kv = p.split("=", 2);
            q.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return q;
    }

    /** A topic's values, sorted; for {@code dead-letters}, "code key" each. */
    static List<String> topic(FinstreamConfig c, String topic) {
        List<String> values = records(c, topic);
        values.sort(null);
        return values;
    }

    /** A topic's values (as {@link #topic}) in partition order, so one key's in the order they were published. */
    static List<String> records(FinstreamConfig c, String topic) {
        List<String> values = new ArrayList<>();
        TopicSnapshot.read(c.kafka, c.kafka.topic(topic), r -> values.add(topic.equals("dead-letters")
                ? new String(r.headers().lastHeader(DeadLetterHeaders.ERROR_CODE).value(), StandardCharsets.UTF_8)
                        + " " + new String(r.key(), StandardCharsets.UTF_8)
                : new String(r.value(), StandardCharsets.UTF_8)));
        return values;
    }

    /** Runs {@code finstream args}, asserts it exits 0, and returns what it printed. */
    static String execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args), err.toString());
        return out.toString();
    }
}
