package org.finstream.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.InputKind;
import org.finstream.ingest.KafkaInputSources;
import org.finstream.ingest.Replay;
import org.finstream.runtime.EmbeddedStack;
import org.finstream.runtime.LiveJob;
import org.finstream.runtime.LocalRun;
import org.finstream.runtime.Schema;
import org.finstream.sinks.StoreSinks;

/**
 * {@code finstream bench daily-close}: how soon a new trading day's per-symbol metrics are
 * readable in PostgreSQL after its last bar reaches Kafka, with a live job warm from the
 * history before it. The input folder's price bars, corporate actions and reference data are
 * split by date: everything before the last {@code days} dates is published first and
 * processed; then each of those dates is published on its own and timed, from the moment the
 * producer has flushed its last bar until every bar of the date has its final (not
 * provisional) row in {@code symbol_daily}. The day counts as complete once its input has been
 * quiet for {@code ingest.idle-flush}, which is part of the figure; a partition whose newest
 * record is earlier in the day (a corporate action's ex-date is at its start) holds the day
 * back until it counts as idle ({@code ingest.idle-timeout}). Days are published at least the
 * idle timeout apart, as real days are hours apart.
 */
public final class DailyCloseBench {
    static final List<String> PRICE_HEADER = List.of("symbol", "date", "open", "high", "low", "close", "volume");
    private static final List<String> ACTION_HEADER = List.of("symbol", "ex_date", "type", "value");

    private DailyCloseBench() {}

    /** One new day: its bars and the time until all their rows were readable. */
    public record Day(LocalDate date, int bars, long latencyMillis) {}

    /** Every measured day, and the dead letters of the whole run (0 for a fair figure). */
    public record Result(List<Day> days, long deadLetters, long historyBars, long warmMillis) {
        public Spread latencyMillis() {
            return Spread.of(days.stream().map(d -> (double) d.latencyMillis()).toList());
        }

        public void print(PrintStream out, FinstreamConfig config) {
            out.printf("history: %,d bars processed in %.1f s; dead letters: %d%n", historyBars, warmMillis / 1000.0,
                    deadLetters);
            days.forEach(d -> out.printf("  %s: %d bars, all rows readable %d ms after the last bar%n", d.date(), d.bars(),
                    d.latencyMillis()));
            out.println("new day visible (min / median / max over " + days.size() + " days): "
                    + latencyMillis().format("%.0f ms") + "  (ingest.idle-flush " + config.ingest.idleFlush.toMillis()
                    + " ms, ingest.idle-timeout " + config.ingest.idleTimeout.toMillis() + " ms)");
        }
    }

    public static Result run(FinstreamConfig config, Path input, int days, Path workDir, PrintStream log)
            throws Exception {
        if (days < 1) {
            throw new IllegalArgumentException("--close-days must be >= 1, got " + days);
        }
        Split split = split(input, days, workDir);
        try (EmbeddedStack stack = EmbeddedStack.start(config)) {
            FinstreamConfig c = stack.config();
            long t0 = System.nanoTime();
            Replay.run(split.history(), c.kafka, 0, null);
            try (LiveJob job = LiveJob.start(c, new KafkaInputSources(c.kafka, false), new StoreSinks(c), null,
                    "finstream-bench-daily-close");
                 Connection db = Schema.connect(c.postgres)) {
                log.printf("warming up on %,d bars of history ...%n", split.historyBars());
                awaitRows(db, split.lastHistoryDate(), split.lastHistoryBars(), job, 600_000);
                long warmMillis = (System.nanoTime() - t0) / 1_000_000;
                List<Day> measured = new ArrayList<>();
                for (Map.Entry<LocalDate, Path> day : split.days().entrySet()) {
                    // real days are hours apart: the partitions that took the previous day's records
                    // count as idle before the next day starts, as they would
                    Thread.sleep(c.ingest.idleTimeout.toMillis() + 1_000);
                    int bars = split.barsPerDay().get(day.getKey());
                    Replay.run(day.getValue(), c.kafka, 0, null);
                    long published = System.nanoTime();
                    awaitRows(db, day.getKey(), bars, job, 60_000);
                    long latency = (System.nanoTime() - published) / 1_000_000;
                    log.printf("  %s: %d ms%n", day.getKey(), latency);
                    measured.add(new Day(day.getKey(), bars, latency));
                }
                long deadLetters = LocalRun.deadLettersPerCode(db).values().stream().mapToLong(Long::longValue).sum();
                return new Result(measured, deadLetters, split.historyBars(), warmMillis);
            }
        }
    }

    /** The history folder, one folder per measured date, and their bar counts. */
    private record Split(Path history, long historyBars, LocalDate lastHistoryDate, int lastHistoryBars,
                         TreeMap<LocalDate, Path> days, Map<LocalDate, Integer> barsPerDay) {}

    private static Split split(Path input, int days, Path workDir) throws IOException {
        TreeMap<LocalDate, List<String>> bars = new TreeMap<>();
        TreeMap<LocalDate, List<String>> actions = new TreeMap<>();
        List<String> reference = new ArrayList<>();
        for (Map.Entry<Path, InputKind<?>> f : Replay.inputFiles(input).entrySet()) {
            if (f.getValue() == InputKind.PRICES) {
                byDate(f.getKey(), PRICE_HEADER, bars);
            } else if (f.getValue() == InputKind.CORPORATE_ACTIONS) {
                byDate(f.getKey(), ACTION_HEADER, actions);
            } else if (f.getValue() == InputKind.REFERENCE) {
                List<String> lines = Files.readAllLines(f.getKey());
                if (reference.isEmpty()) {
                    reference.add(lines.get(0));
                }
                reference.addAll(lines.subList(1, lines.size()));
            }
        }
        if (bars.size() <= days) {
            throw new IllegalArgumentException("the input has " + bars.size() + " trading dates: need more than"
                    + " --close-days " + days);
        }
        LocalDate firstMeasured = new ArrayList<>(bars.keySet()).get(bars.size() - days);
        Path history = Files.createDirectories(workDir.resolve("history"));
        write(history.resolve("prices.csv"), PRICE_HEADER, bars.headMap(firstMeasured));
        write(history.resolve("corporate_actions.csv"), ACTION_HEADER, actions.headMap(firstMeasured));
        if (!reference.isEmpty()) {
            Files.write(history.resolve("reference.csv"), reference);
        }
        TreeMap<LocalDate, Path> dayDirs = new TreeMap<>();
        Map<LocalDate, Integer> counts = new TreeMap<>();
        for (LocalDate d : bars.tailMap(firstMeasured).keySet()) {
            Path dir = Files.createDirectories(workDir.resolve("day-" + d));
            write(dir.resolve("prices.csv"), PRICE_HEADER, bars.subMap(d, true, d, true));
            if (actions.containsKey(d)) {
                write(dir.resolve("corporate_actions.csv"), ACTION_HEADER, actions.subMap(d, true, d, true));
            }
            dayDirs.put(d, dir);
            counts.put(d, bars.get(d).size());
        }
        LocalDate lastHistory = bars.lowerKey(firstMeasured);
        long historyBars = bars.headMap(firstMeasured).values().stream().mapToLong(List::size).sum();
        return new Split(history, historyBars, lastHistory, bars.get(lastHistory).size(), dayDirs, counts);
    }

    /** The lines of a CSV file with {@code header} and the date second, by date; throws on another header. */
    static void byDate(Path file, List<String> header, TreeMap<LocalDate, List<String>> out) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !List.of(lines.get(0).split(",", -1)).equals(header)) {
            throw new IllegalArgumentException(file + ": the bench needs the canonical header " + String.join(",", header));
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 3);
            out.computeIfAbsent(LocalDate.parse(f[1]), d -> new ArrayList<>()).add(line);
        }
    }

    private static void write(Path file, List<String> header, Map<LocalDate, List<String>> rows) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", header));
        rows.values().forEach(lines::addAll);
        Files.write(file, lines);
    }

    /** Polls every 5 ms until {@code date} has {@code rows} final rows in symbol_daily. */
    static void awaitRows(Connection db, LocalDate date, int rows, LiveJob job, long timeoutMillis)
            throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try (PreparedStatement st = db.prepareStatement(
                "SELECT count(*) FROM symbol_daily WHERE date = ? AND NOT provisional")) {
            st.setObject(1, date);
            while (true) {
                long found;
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    found = rs.getLong(1);
                }
                if (found >= rows) {
                    return;
                }
                if (job.ended()) {
                    throw new IllegalStateException("the job ended while waiting for the rows of " + date);
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("only " + found + " of the " + rows + " rows of " + date
                            + " appeared within " + timeoutMillis / 1000 + " s");
                }
                Thread.sleep(5);
            }
        }
    }
}
