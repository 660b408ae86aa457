package org.finstream.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.finstream.config.FinstreamConfig;
import org.finstream.records.DeadLetterHeaders;

/**
 * The dead-letter topic read back (no Flink): each record decoded from its key, raw value and
 * {@link DeadLetterHeaders}, oldest rejection first.
 */
public final class DeadLetterLog {
    private static final Pattern ID = Pattern.compile("(\\d{1,9}):(\\d{1,18})");
    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::rejectedAt,
            Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(Entry::partition).thenComparing(Entry::offset);

    /**
     * One dead letter. {@code id} is {@code <partition>:<offset>} of the dead-letter record; a
     * header the record lacks is null (the source partition and offset -1).
     */
    public record Entry(String id, String sourceTopic, int sourcePartition, long sourceOffset, String key,
                        String errorCode, String message, Instant rejectedAt, String operator, byte[] raw) {
        int partition() {
            return Integer.parseInt(id.substring(0, id.indexOf(':')));
        }

        long offset() {
            return Long.parseLong(id.substring(id.indexOf(':') + 1));
        }

        /** Where it came from: {@code topic/partition@offset}. */
        public String source() {
            return sourceTopic + "/" + sourcePartition + "@" + sourceOffset;
        }
    }

    private DeadLetterLog() {}

    /** The dead letters that pass {@code filter}. */
    public static List<Entry> read(FinstreamConfig.Kafka kafka, Predicate<Entry> filter) {
        List<Entry> entries = new ArrayList<>();
        String topic = kafka.topic("dead-letters");
        boolean exists = TopicSnapshot.read(kafka, topic, r -> {
            Entry e = decode(r);
            if (filter.test(e)) {
                entries.add(e);
            }
        });
        if (!exists) {
            throw new IllegalArgumentException("the dead-letter topic '" + topic + "' does not exist at "
                    + kafka.bootstrapServers + " (`finstream run` creates it)");
        }
        entries.sort(ORDER);
        return entries;
    }

    /** The dead letters with these ids; throws IllegalArgumentException naming the ids the topic does not hold. */
    public static List<Entry> byIds(FinstreamConfig.Kafka kafka, Collection<String> ids) {
        List<Entry> entries = read(kafka, e -> ids.contains(e.id()));
        Set<String> missing = new LinkedHashSet<>(ids);
        entries.forEach(e -> missing.remove(e.id()));
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no dead letter " + String.join(", ", missing) + " in topic '"
                    + kafka.topic("dead-letters") + "' (ids are <partition>:<offset>, as `dlq list` shows them)");
        }
        return entries;
    }

    /** A dead-letter id in its canonical form; throws IllegalArgumentException unless it is {@code <partition>:<offset>}. */
    public static String parseId(String text) {
        Matcher m = ID.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a dead-letter id <partition>:<offset>, e.g. 0:42");
        }
        return Integer.parseInt(m.group(1)) + ":" + Long.parseLong(m.group(2));
    }

    static Entry decode(ConsumerRecord<byte[], byte[]> r) {
        return new Entry(r.partition() + ":" + r.offset(), header(r, DeadLetterHeaders.SOURCE_TOPIC),
                (int) number(r, DeadLetterHeaders.SOURCE_PARTITION), number(r, DeadLetterHeaders.SOURCE_OFFSET),
                r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                header(r, DeadLetterHeaders.ERROR_CODE), header(r, DeadLetterHeaders.MESSAGE), instant(r),
                header(r, DeadLetterHeaders.OPERATOR), r.value() == null ? new byte[0] : r.value());
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static long number(ConsumerRecord<byte[], byte[]> r, String name) {
        try {
            return Long.parseLong(header(r, name));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Instant instant(ConsumerRecord<byte[], byte[]> r) {
        String text = header(r, DeadLetterHeaders.REJECTED_AT);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
