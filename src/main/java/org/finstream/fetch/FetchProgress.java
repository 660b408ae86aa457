package org.finstream.fetch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.TopicSnapshot;

/**
 * The fetchers' bookkeeping: the compacted topic {@code fetch-progress}, keyed
 * {@code <source>/<symbol>} (a source is one provider's data set, e.g. {@code eodhd/prices}), with
 * one JSON value per change of a symbol's {@link Mark}. A fetcher writes a symbol's mark in the
 * same Kafka transaction as the records it covers, so a killed fetcher resumes exactly where its
 * last committed transaction left off.
 */
public final class FetchProgress {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /**
     * Where one symbol of one source stands.
     *
     * @param through      the last date whose records are published (null: none yet)
     * @param etag         the last response's {@code ETag}, sent back as {@code If-None-Match}
     * @param lastModified the last response's {@code Last-Modified}, sent back as {@code If-Modified-Since}
     * @param checkedAt    when the provider was last asked
     * @param published    identifiers of what is published when dates do not order it (EDGAR
     *                     accessions), else empty
     * @param digest       a digest of the last published content, for sources that are re-read
     *                     whole (reference data): unchanged content is not published again
     * @param latest       the newest event time published, for snapshots polled during the day
     *                     (intraday quotes): one not newer is not published again; else null
     * @param volume       the day's cumulative volume as of {@code latest} (quotes), else null
     */
    public record Mark(LocalDate through, String etag, String lastModified, Instant checkedAt, List<String> published,
                       String digest, Instant latest, Long volume) {
        public Mark {
            published = published == null ? List.of() : List.copyOf(published);
        }

        /** A mark of a source that publishes no intraday snapshots. */
        public Mark(LocalDate through, String etag, String lastModified, Instant checkedAt, List<String> published,
                    String digest) {
            this(through, etag, lastModified, checkedAt, published, digest, null, null);
        }

        /** A symbol never fetched. */
        public static final Mark NONE = new Mark(null, null, null, null, List.of(), null);
    }

    private FetchProgress() {}

    /** Every committed mark of {@code source}, by symbol (none when the topic does not exist yet). */
    public static Map<String, Mark> read(FinstreamConfig.Kafka kafka, String source) {
        String prefix = source + "/";
        Map<String, Mark> marks = new HashMap<>();
        TopicSnapshot.read(kafka, kafka.topic("fetch-progress"), r -> {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (key.startsWith(prefix)) {
                String symbol = key.substring(prefix.length());
                if (r.value() == null) {
                    marks.remove(symbol);
                } else {
                    marks.put(symbol, parse(r.value()));
                }
            }
        });
        return marks;
    }

    /** The bookkeeping record of {@code symbol}'s new mark. */
    static ProducerRecord<byte[], byte[]> record(FinstreamConfig.Kafka kafka, String source, String symbol, Mark mark) {
        try {
            return new ProducerRecord<>(kafka.topic("fetch-progress"),
                    (source + "/" + symbol).getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(mark));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Mark parse(byte[] value) {
        try {
            return JSON.readValue(value, Mark.class);
        } catch (IOException e) {
            throw new IllegalStateException("not a fetch-progress value: " + new String(value, StandardCharsets.UTF_8), e);
        }
    }
}
