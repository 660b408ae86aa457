package org.finstream.sinks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.finstream.records.SymbolDaily;

/** The JSON form of result rows on the Kafka result topics: the table's columns, snake_case, ISO dates. */
public final class ResultJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResultJson() {}

    /**
     * {@code {"symbol", "date", "event_time", "provisional", "close", "return", <metric columns>}},
     * null metrics as JSON null.
     */
    public static byte[] symbolDaily(SymbolDaily row, List<String> metricColumns) {
        ObjectNode json = MAPPER.createObjectNode()
                .put("symbol", row.getSymbol())
                .put("date", row.getDate().toString())
                .put("event_time", Instant.ofEpochMilli(row.getEventTime()).toString())
                .put("provisional", row.isProvisional())
                .put("close", row.getClose())
                .put("return", row.getRet());
        Double[] values = row.getMetrics();
        for (int i = 0; i < metricColumns.size(); i++) {
            json.put(metricColumns.get(i), values[i]);
        }
        return bytes(json);
    }

    private static byte[] bytes(ObjectNode json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + json, e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
