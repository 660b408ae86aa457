package org.finstream.sinks;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.finstream.records.SymbolDaily;

/** The JSON form of result rows on the Kafka result topics (snake_case, ISO dates). */
public final class ResultJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addMixIn(SymbolDaily.class, SymbolDailyMixin.class);

    private ResultJson() {}

    public static byte[] bytes(Object row) {
        try {
            return MAPPER.writeValueAsBytes(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + row, e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    abstract static class SymbolDailyMixin {
        @JsonProperty("return")
        abstract Double getRet();
    }
}
