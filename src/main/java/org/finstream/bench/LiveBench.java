package org.finstream.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.InputKind;
import org.finstream.ingest.KafkaInputSources;
import org.finstream.ingest.Replay;
import org.finstream.runtime.EmbeddedStack;
import org.finstream.runtime.LiveJob;
import org.finstream.runtime.LocalRun;
import org.finstream.runtime.Schema;
import org.finstream.runtime.Topics;
import org.finstream.sinks.StoreSinks;

/**
 * {@code finstream bench live}: a live job warm from the input's history (everything but its
 * trades), then a trading day: every portfolio opens its positions at the last close, and the
 * symbols tick at increasing rates (intraday bars to the prices topic, round robin over the
 * symbols), each rate for one step, until the job no longer keeps up.
 *
 * <p>Latency of a tick: from its creation (just before the producer is handed it) until a
 * provisional {@code symbol_daily} row of its symbol that includes it (event time at or after
 * the tick's) is readable in PostgreSQL. A poller reads the symbols' rows every few
 * milliseconds and stamps what it sees with the time its query started, so a latency is at
 * most one poll too long, never too short. A tick's event time is its creation time shifted to
 * the trading day (strictly increasing per symbol), which is why a rate may not exceed 1,000
 * ticks a second per symbol.
 */
public final class LiveBench {
    /** Ticks not visible this long after their step's publishing ended: the job did not keep up. */
    private static final long KEEP_UP_MILLIS = 5_000;
    /** Latencies above this are counted at it (the maximum is still exact). */
    private static final int HISTOGRAM_BOUND_MILLIS = 600_000;
    private static final long POLL_MILLIS = 10;

    private LiveBench() {}

    /** One rate's figures; {@code measured} ticks have a latency (all of them when the step was kept up with). */
    public record Step(int targetRate, long ticks, long publishMillis, long allVisibleMillis, long invisible,
                       long measured, long p50, long p99, long max) {
        public double publishedRate() {
            return ticks / (publishMillis / 1000.0);
        }

        /** Ticks per second from the step's start until its last tick was visible. */
        public double visibleRate() {
            return allVisibleMillis < 0 ? Double.NaN : ticks / (allVisibleMillis / 1000.0);
        }

        /** Whether every tick was visible within {@link #KEEP_UP_MILLIS} after publishing ended. */
        public boolean keptUp() {
            return invisible == 0;
        }
    }

    public record Result(List<Step> steps, int symbols, int portfolios, long deadLetters, long warmMillis,
                         long emitIntervalMillis) {
        public void print(PrintStream out, long goalP99Millis) {
            out.printf("%d symbols ticking, %d portfolios holding them; live.emit-interval %d ms; dead letters: %d%n",
                    symbols, portfolios, emitIntervalMillis, deadLetters);
            out.printf("%12s %12s %12s %10s %10s %10s  %s%n", "target/s", "published/s", "visible/s", "p50 ms",
                    "p99 ms", "max ms", "");
            for (Step s : steps) {
                out.printf("%,12d %,12.0f %,12.0f %,10d %,10d %,10d  %s%n", s.targetRate(), s.publishedRate(),
                        s.visibleRate(), s.p50(), s.p99(), s.max(), s.keptUp()
                                ? (s.p99() < goalP99Millis ? "kept up, p99 within the goal" : "kept up, p99 over the goal")
                                : String.format("fell behind: %,d ticks not visible %d s after publishing", s.invisible(),
                                        KEEP_UP_MILLIS / 1000));
            }
            Step best = null;
            for (Step s : steps) {
                if (s.keptUp() && s.p99() < goalP99Millis && (best == null || s.targetRate() > best.targetRate())) {
                    best = s;
                }
            }
            out.println(best == null ? "no rate kept up with p99 < " + goalP99Millis + " ms"
                    : String.format("highest rate sustained with p99 < %d ms: %,d ticks/s", goalP99Millis, best.targetRate()));
        }
    }

    /**
     * @param rates      ticks per second of the steps, increasing; the bench stops after the first
     *                   step the job did not keep up with
     * @param portfolios portfolios opening positions on the trading day
     * @param positions  positions each opens (distinct symbols)
     */
    public static Result run(FinstreamConfig config, Path input, List<Integer> rates, Duration step, int portfolios,
                             int positions, Path workDir, PrintStream log) throws Exception {
        History history = History.read(input, workDir);
        int symbols = history.lastCloses().size();
        for (int rate : rates) {
            if (rate < 1 || rate > 1000 * symbols) {
                throw new IllegalArgumentException("--rates: " + rate + " is not between 1 and 1,000 ticks a second per"
                        + " symbol (" + symbols + " symbols)");
            }
        }
        if (positions < 1 || positions > symbols) {
            throw new IllegalArgumentException("--positions must be between 1 and the " + symbols + " symbols: " + positions);
        }
        try (EmbeddedStack stack = EmbeddedStack.start(config)) {
            FinstreamConfig c = stack.config();
            long t0 = System.nanoTime();
            Replay.run(history.folder(), c.kafka, 0, null);
            try (LiveJob job = LiveJob.start(c, new KafkaInputSources(c.kafka, false), new StoreSinks(c), null,
                    "finstream-bench-live");
                 Connection db = Schema.connect(c.postgres)) {
                log.printf("warming up on the history up to %s ...%n", history.lastDate());
                DailyCloseBench.awaitRows(db, history.lastDate(), symbols, job, 1_800_000);
                long warmMillis = (System.nanoTime() - t0) / 1_000_000;
                LocalDate today = nextWeekday(history.lastDate());
                List<String> tickers = new ArrayList<>(history.lastCloses().keySet());
                Map<String, Pending> pending = new TreeMap<>();
                tickers.forEach(s -> pending.put(s, new Pending()));
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(c.kafka));
                     Poller poller = Poller.start(c.postgres, tickers, today, pending)) {
                    openPositions(producer, c.kafka, history.lastCloses(), today, portfolios, positions);
                    Ticker ticker = new Ticker(producer, c.kafka.topic("prices"), history.lastCloses(), today, pending);
                    List<Step> steps = new ArrayList<>();
                    for (int rate : rates) {
                        Step s = ticker.step(rate, step, poller);
                        log.printf("  %,d ticks/s: p50 %d ms, p99 %d ms, max %d ms%s%n", rate, s.p50(), s.p99(), s.max(),
                                s.keptUp() ? "" : " (fell behind)");
                        steps.add(s);
                        if (!s.keptUp()) {
                            break;
                        }
                        if (job.ended()) {
                            throw new IllegalStateException("the live job ended during the bench");
                        }
                    }
                    long deadLetters = LocalRun.deadLettersPerCode(db).values().stream().mapToLong(Long::longValue).sum();
                    return new Result(steps, symbols, portfolios, deadLetters, warmMillis, c.live.emitInterval.toMillis());
                }
            }
        }
    }

    private static Properties producerProperties(FinstreamConfig.Kafka kafka) {
        Properties p = Topics.producerProperties(kafka);
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        return p;
    }

    private static LocalDate nextWeekday(LocalDate d) {
        LocalDate next = d.plusDays(1);
        while (next.getDayOfWeek() == DayOfWeek.SATURDAY || next.getDayOfWeek() == DayOfWeek.SUNDAY) {
            next = next.plusDays(1);
        }
        return next;
    }

    /** Each portfolio buys 100 shares of {@code positions} distinct symbols at their last close, dated today. */
    private static void openPositions(KafkaProducer<byte[], byte[]> producer, FinstreamConfig.Kafka kafka,
                                      Map<String, Double> lastCloses, LocalDate today, int portfolios, int positions) {
        Random random = new Random(42);
        List<String> symbols = new ArrayList<>(lastCloses.keySet());
        String topic = kafka.topic("trades");
        for (int p = 1; p <= portfolios; p++) {
            String id = String.format("LIVE-%05d", p);
            Collections.shuffle(symbols, random);
            for (String symbol : symbols.subList(0, positions)) {
                String line = id + "," + symbol + "," + today + ",100," + lastCloses.get(symbol);
                producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8),
                        line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        producer.flush();
    }

    /**
     * The input without its trades (the folder replayed to warm up), the last close of every
     * symbol that traded on the last date, and that date.
     */
    private record History(Path folder, LocalDate lastDate, Map<String, Double> lastCloses) {
        static History read(Path input, Path workDir) throws IOException {
            Path folder = Files.createDirectories(workDir.resolve("history"));
            TreeMap<LocalDate, List<String>> bars = new TreeMap<>();
            for (Map.Entry<Path, InputKind<?>> f : Replay.inputFiles(input).entrySet()) {
                if (f.getValue() == InputKind.TRADES) {
                    continue;
                }
                Files.createSymbolicLink(folder.resolve(f.getKey().getFileName()), f.getKey().toAbsolutePath());
                if (f.getValue() == InputKind.PRICES) {
                    DailyCloseBench.byDate(f.getKey(), DailyCloseBench.PRICE_HEADER, bars);
                }
            }
            if (bars.isEmpty()) {
                throw new IllegalArgumentException(input + " has no price bars");
            }
            Map<String, Double> lastCloses = new TreeMap<>();
            for (String line : bars.lastEntry().getValue()) {
                String[] v = line.split(",", -1);
                lastCloses.put(v[0], Double.parseDouble(v[5]));
            }
            return new History(folder, bars.lastKey(), lastCloses);
        }
    }

    /** Publishes ticks at a paced rate, round robin over the symbols, and times each step. */
    private static final class Ticker {
        private final KafkaProducer<byte[], byte[]> producer;
        private final String topic;
        private final List<String> symbols;
        private final double[] prices;
        private final long[] lastEventTime;
        private final Pending[] pending;
        private final LocalDate today;
        /** Event time minus wall-clock time: the trading day starts at 14:30 UTC (09:30 in New York). */
        private final long offset;
        private final Random random = new Random(7);
        private int next;

        Ticker(KafkaProducer<byte[], byte[]> producer, String topic, Map<String, Double> lastCloses, LocalDate today,
               Map<String, Pending> pending) {
            this.producer = producer;
            this.topic = topic;
            this.symbols = new ArrayList<>(lastCloses.keySet());
            this.prices = symbols.stream().mapToDouble(lastCloses::get).toArray();
            this.lastEventTime = new long[symbols.size()];
            this.pending = symbols.stream().map(pending::get).toArray(Pending[]::new);
            this.today = today;
            this.offset = Instant.parse(today + "T14:30:00Z").toEpochMilli() - System.currentTimeMillis();
        }

        Step step(int rate, Duration duration, Poller poller) throws InterruptedException {
            LatencyHistogram latencies = new LatencyHistogram(HISTOGRAM_BOUND_MILLIS);
            poller.record(latencies);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long sent = 0;
            for (long now = start; now < end; now = System.nanoTime()) {
                long due = (long) ((now - start) / 1e9 * rate);
                if (sent >= due) {
                    TimeUnit.MICROSECONDS.sleep(200);
                    continue;
                }
                for (; sent < due; sent++) {
                    tick();
                }
            }
            producer.flush();
            long published = System.nanoTime();
            long deadline = published + TimeUnit.MILLISECONDS.toNanos(KEEP_UP_MILLIS);
            long invisible;
            while ((invisible = invisible()) > 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
            long allVisible = invisible == 0 ? (System.nanoTime() - start) / 1_000_000 : -1;
            poller.record(null);
            for (Pending p : pending) {
                p.clear();
            }
            return new Step(rate, sent, (published - start) / 1_000_000, allVisible, invisible, latencies.count(),
                    latencies.percentile(0.5), latencies.percentile(0.99), latencies.max());
        }

        private long invisible() {
            long n = 0;
            for (Pending p : pending) {
                n += p.size();
            }
            return n;
        }

        private void tick() {
            int i = next;
            next = (next + 1) % symbols.size();
            long created = System.currentTimeMillis();
            long eventTime = Math.max(created + offset, lastEventTime[i] + 1);
            lastEventTime[i] = eventTime;
            prices[i] = Math.max(0.01, prices[i] * (1 + 0.0005 * random.nextGaussian()));
            double price = Math.round(prices[i] * 100) / 100.0;
            String line = symbols.get(i) + "," + today + "," + price + "," + price + "," + price + "," + price + ","
                    + (100 + random.nextInt(900)) + "," + Instant.ofEpochMilli(eventTime);
            pending[i].add(eventTime, created); // before the send: the poller may see the row at once
            producer.send(new ProducerRecord<>(topic, symbols.get(i).getBytes(StandardCharsets.UTF_8),
                    line.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The ticks of one symbol not seen in PostgreSQL yet (event and creation times, in order). */
    static final class Pending {
        private long[] eventTimes = new long[1024];
        private long[] created = new long[1024];
        private int head;
        private int tail;

        synchronized void add(long eventTime, long createdMillis) {
            if (tail == eventTimes.length) {
                int size = tail - head;
                int capacity = size * 2 > eventTimes.length ? eventTimes.length * 2 : eventTimes.length;
                long[] e = new long[capacity];
                long[] c = new long[capacity];
                System.arraycopy(eventTimes, head, e, 0, size);
                System.arraycopy(created, head, c, 0, size);
                eventTimes = e;
                created = c;
                head = 0;
                tail = size;
            }
            eventTimes[tail] = eventTime;
            created[tail++] = createdMillis;
        }

        /** The ticks up to {@code eventTime} are visible since {@code visibleMillis}: their latencies go to {@code h}. */
        synchronized void visible(long eventTime, long visibleMillis, LatencyHistogram h) {
            while (head < tail && eventTimes[head] <= eventTime) {
                if (h != null) {
                    h.add(visibleMillis - created[head]);
                }
                head++;
            }
        }

        synchronized int size() {
            return tail - head;
        }

        synchronized void clear() {
            head = 0;
            tail = 0;
        }
    }

    /** Reads the symbols' provisional rows of the day every {@link #POLL_MILLIS} ms on a thread of its own. */
    private static final class Poller implements AutoCloseable {
        private final Thread thread;
        private volatile boolean stop;
        private volatile LatencyHistogram histogram;
        private volatile Exception failure;

        private Poller(FinstreamConfig.Postgres postgres, List<String> symbols, LocalDate day, Map<String, Pending> pending) {
            thread = new Thread(() -> {
                try (Connection db = Schema.connect(postgres);
                     PreparedStatement st = db.prepareStatement("SELECT symbol, event_time FROM symbol_daily"
                             + " WHERE symbol = ANY(?) AND date = ? AND provisional")) {
                    Array array = db.createArrayOf("text", symbols.toArray());
                    st.setArray(1, array);
                    st.setObject(2, day);
                    while (!stop) {
                        long visible = System.currentTimeMillis();
                        try (ResultSet rs = st.executeQuery()) {
                            while (rs.next()) {
                                pending.get(rs.getString(1)).visible(rs.getTimestamp(2).getTime(), visible, histogram);
                            }
                        }
                        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
                    }
                } catch (Exception e) {
                    failure = e;
                }
            }, "bench-live-poller");
            thread.setDaemon(true);
        }

        static Poller start(FinstreamConfig.Postgres postgres, List<String> symbols, LocalDate day,
                            Map<String, Pending> pending) {
            Poller p = new Poller(postgres, symbols, day, pending);
            p.thread.start();
            return p;
        }

        /** Where the latencies of the ticks seen from now on go (null: nowhere). */
        void record(LatencyHistogram h) {
            if (failure != null) {
                throw new IllegalStateException("reading the rows from PostgreSQL failed", failure);
            }
            histogram = h;
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(10_000);
        }
    }
}
