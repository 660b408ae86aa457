package org.finstream.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.finstream.config.FinstreamConfig;
import org.finstream.records.InputEvent;
import org.finstream.records.SourceRef;
import org.finstream.runtime.Topics;

/**
 * Publishes a folder of input files (prices*.csv, corporate_actions*.csv, reference*.csv,
 * trades*.csv, filings*.jsonl) to their topics in event-time order. CSV lines whose header is
 * already in the canonical column order are sent byte for byte; other headers are mapped by
 * column name, ignoring case (extra columns dropped). Every line is sent, invalid ones included: rejecting
 * them, with a dead letter, is the job's business.
 */
public final class Replay {
    /** Called about once a second while publishing, and once at the end. */
    public interface Progress {
        void update(long sent, long total, long elapsedMillis);
    }

    /** What a replay published. */
    public record Summary(Map<String, Long> recordsPerTopic, List<Path> files, long elapsedMillis) {
        public long total() {
            return recordsPerTopic.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private record Line(int kindOrder, int file, int line, long eventTime, String topic, byte[] key, byte[] value) {}

    private static final Comparator<Line> EVENT_TIME_ORDER = Comparator.comparingLong(Line::eventTime)
            .thenComparingInt(Line::kindOrder).thenComparingInt(Line::file).thenComparingInt(Line::line);

    private Replay() {}

    /** The input files of a folder, by kind, sorted by name. */
    public static Map<Path, InputKind<?>> inputFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("not a directory: " + dir);
        }
        Map<Path, InputKind<?>> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.sorted().toList()) {
                String name = p.getFileName().toString();
                InputKind.ALL.stream().filter(k -> k.matchesFile(name)).findFirst()
                        .ifPresent(k -> files.put(p, k));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no input files in " + dir + " (expected prices*.csv, "
                    + "corporate_actions*.csv, reference*.csv, trades*.csv or filings*.jsonl)");
        }
        return files;
    }

    public static Summary run(Path dir, FinstreamConfig.Kafka kafka, double recordsPerSecond, Progress progress)
            throws IOException {
        long start = System.currentTimeMillis();
        Map<Path, InputKind<?>> files = inputFiles(dir);
        List<Line> lines = new ArrayList<>();
        Map<String, Long> perTopic = new LinkedHashMap<>();
        int fileIndex = 0;
        for (Map.Entry<Path, InputKind<?>> f : files.entrySet()) {
            String topic = kafka.topic(f.getValue().defaultTopic());
            perTopic.putIfAbsent(topic, 0L);
            read(f.getKey(), f.getValue(), topic, fileIndex++, lines);
        }
        lines.sort(EVENT_TIME_ORDER);

        AtomicReference<Exception> failure = new AtomicReference<>();
        long total = lines.size();
        long sent = 0;
        long lastReport = System.nanoTime();
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Topics.producerProperties(kafka))) {
            for (Line l : lines) {
                if (failure.get() != null) {
                    break;
                }
                if (recordsPerSecond > 0) {
                    long due = t0 + (long) (sent * 1e9 / recordsPerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        sleepNanos(wait);
                    }
                }
                producer.send(new ProducerRecord<>(l.topic(), l.key(), l.value()), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                perTopic.merge(l.topic(), 1L, Long::sum);
                sent++;
                if (progress != null && System.nanoTime() - lastReport > 1_000_000_000L) {
                    lastReport = System.nanoTime();
                    progress.update(sent, total, System.currentTimeMillis() - start);
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IOException("publishing to Kafka failed: " + failure.get().getMessage(), failure.get());
        }
        long elapsed = System.currentTimeMillis() - start;
        if (progress != null) {
            progress.update(sent, total, elapsed);
        }
        return new Summary(perTopic, List.copyOf(files.keySet()), elapsed);
    }

    private static void sleepNanos(long nanos) throws IOException {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("replay interrupted", e);
        }
    }

    private static void read(Path file, InputKind<?> kind, String topic, int fileIndex, List<Line> out) throws IOException {
        int kindOrder = InputKind.ALL.indexOf(kind);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            CsvMapping mapping = kind.isCsv() ? CsvMapping.of(file, kind, in.readLine()) : null;
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                byte[] value = (mapping == null ? line : mapping.canonical(line)).getBytes(StandardCharsets.UTF_8);
                Parsed<? extends InputEvent> parsed = IngestDeserializer.parse(kind,
                        new SourceRef(topic, -1, -1, null, value));
                long eventTime = parsed.eventTime();
                String key = parsed.getRecord() != null ? parsed.getRecord().entityKey() : entityKeyOf(kind, value);
                out.add(new Line(kindOrder, fileIndex, lineNo, eventTime, topic,
                        key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
            }
        }
    }

    /**
     * The key of a record that failed validation, so it still goes to its entity's partition:
     * the first CSV field (every kind's entity key comes first) or the JSON {@code symbol}.
     */
    private static String entityKeyOf(InputKind<?> kind, byte[] value) {
        try {
            Fields f = Parsers.fields(value, kind.columns(), 1);
            return f.optionalText(kind.isCsv() ? kind.columns().get(0) : "symbol");
        } catch (InvalidRecordException e) {
            return null;
        }
    }

    /** Maps a file's header onto the canonical column order of its kind. */
    private static final class CsvMapping {
        private final int[] sourceIndex; // canonical column -> file column, -1 when absent
        private final int used; // canonical columns written: up to the last one the file has
        private final int width;
        private final boolean verbatim;

        private CsvMapping(int[] sourceIndex, int used, int width, boolean verbatim) {
            this.sourceIndex = sourceIndex;
            this.used = used;
            this.width = width;
            this.verbatim = verbatim;
        }

        static CsvMapping of(Path file, InputKind<?> kind, String header) {
            if (header == null) {
                throw new IllegalArgumentException(file + " is empty (expected a header row)");
            }
            List<String> names = CsvLine.split(header.startsWith("\uFEFF") ? header.substring(1) : header);
            if (names == null) {
                throw new IllegalArgumentException(file + ": the header row has an unterminated quote");
            }
            List<String> canonical = kind.columns();
            List<String> lowerCase = names.stream().map(n -> n.strip().toLowerCase(java.util.Locale.ROOT)).toList();
            int[] index = new int[canonical.size()];
            int used = 0;
            for (int i = 0; i < canonical.size(); i++) {
                index[i] = lowerCase.indexOf(canonical.get(i));
                if (index[i] >= 0) {
                    used = i + 1;
                }
            }
            for (int i = 0; i < canonical.size(); i++) {
                if (index[i] < 0 && !isOptional(kind, canonical.get(i))) {
                    throw new IllegalArgumentException(file + ": header has no '" + canonical.get(i)
                            + "' column (expected " + String.join(",", canonical) + ")");
                }
            }
            boolean verbatim = names.size() == used && names.equals(canonical.subList(0, used));
            return new CsvMapping(index, used, names.size(), verbatim);
        }

        private static boolean isOptional(InputKind<?> kind, String column) {
            return kind == InputKind.PRICES ? column.equals("ts")
                    : kind == InputKind.REFERENCE && (column.equals("industry") || column.equals("cik"));
        }

        String canonical(String line) {
            if (verbatim) {
                return line;
            }
            List<String> fields = CsvLine.split(line);
            if (fields == null || fields.size() != width) {
                return line; // malformed: sent as is, the job dead-letters it
            }
            StringBuilder b = new StringBuilder(line.length());
            for (int i = 0; i < used; i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(sourceIndex[i] < 0 ? "" : CsvLine.quote(fields.get(sourceIndex[i])));
            }
            return b.toString();
        }
    }
}
