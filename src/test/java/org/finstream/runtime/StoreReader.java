package org.finstream.runtime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.TopicSnapshot;

/** Test helper: a whole topic as a read_committed consumer sees it ({@link TopicSnapshot}). */
final class StoreReader {
    private StoreReader() {}

    static List<ConsumerRecord<byte[], byte[]>> readAll(FinstreamConfig.Kafka kafka, String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        TopicSnapshot.read(kafka, topic, records::add);
        return records;
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    static Map<String, Long> countByValue(List<String> values) {
        return values.stream().collect(Collectors.groupingBy(v -> v, Collectors.counting()));
    }
}
