package org.finstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.KafkaInputSources;
import org.finstream.jobs.MarketPipeline;
import org.finstream.records.DeadLetterHeaders;
import org.finstream.records.ErrorCode;
import org.finstream.sinks.ResultJson;
import org.finstream.sinks.StoreSinks;
import org.junit.jupiter.api.Test;

/**
 * Good and poison records through a real Kafka broker, a Flink MiniCluster and a real
 * PostgreSQL server: every good record reaches PostgreSQL and the read_committed result topic
 * exactly once, every poison record is in the dead-letter topic and table with its code.
 */
class PipelineIntegrationTest {
    private record Sent(String topic, String key, String value) {}

    @Test
    void goodRecordsArriveExactlyOncePoisonRecordsAreDeadLettered() throws Exception {
        FinstreamConfig base = FinstreamConfig.defaults();
        base.kafka.partitions = 1; // one ordered partition: lateness below is deterministic
        try (EmbeddedStack stack = EmbeddedStack.start(base)) {
            FinstreamConfig c = stack.config();
            List<Sent> sent = new ArrayList<>();
            Map<String, ErrorCode> poison = new LinkedHashMap<>();
            Map<String, Double> closes = new HashMap<>();
            LocalDate d0 = LocalDate.of(2024, 3, 4);
            LocalDate live = d0.plusDays(9);
            for (int i = 0; i < 10; i++) {
                LocalDate d = d0.plusDays(i);
                if (d.equals(live)) { // the last day trades live first: two intraday bars of AAA
                    sent.add(new Sent("prices", "AAA", "AAA," + d + ",108,109.5,107.5,109,300," + d + "T14:30:00Z"));
                    sent.add(new Sent("prices", "AAA", "{\"symbol\":\"AAA\",\"date\":\"" + d + "\",\"ts\":\"" + d
                            + "T15:30:00Z\",\"open\":109,\"high\":110,\"low\":108.5,\"close\":109.5,\"volume\":200}"));
                }
                for (String sym : List.of("AAA", "BBB")) {
                    double close = 100 + i + (sym.equals("BBB") ? 50 : 0);
                    closes.put(sym + " " + d, close);
                    String line = i % 2 == 0
                            ? sym + "," + d + "," + close + "," + (close + 1) + "," + (close - 1) + "," + close + ",1000"
                            : "{\"symbol\":\"" + sym + "\",\"date\":\"" + d + "\",\"open\":" + close + ",\"high\":"
                                    + (close + 1) + ",\"low\":" + (close - 1) + ",\"close\":" + close + ",\"volume\":1000}";
                    sent.add(new Sent("prices", sym, line));
                    if (i == 4 && sym.equals("AAA")) {
                        sent.add(new Sent("prices", sym, line)); // exact duplicate: silently idempotent
                        String conflict = sym + "," + d + ",1,200,1,150,1000";
                        sent.add(new Sent("prices", sym, conflict));
                        poison.put(conflict, ErrorCode.CONFLICTING_DUPLICATE);
                    }
                }
                if (i == 2) {
                    sent.add(new Sent("corporate-actions", "BBB", "BBB," + d0.plusDays(3) + ",split,2"));
                }
                if (i == 1) { // P1 buys on day 1 and holds through BBB's split
                    sent.add(new Sent("trades", "P1", "P1,AAA," + d + ",10,101"));
                    sent.add(new Sent("trades", "P1", "P1,BBB," + d + ",4,151"));
                }
            }
            String late = "CCC," + d0.plusDays(2) + ",10,11,9,10,5";
            sent.add(new Sent("prices", "CCC", late));
            poison.put(late, ErrorCode.LATE);
            Map<String, ErrorCode> parsePoison = Map.of(
                    "AAA,2024-03-20,1,2", ErrorCode.UNPARSEABLE,
                    "AAA,2024-03-20,1,2,1,x,5", ErrorCode.BAD_NUMBER,
                    "AAA,2024-03-20,1,2,1,NaN,5", ErrorCode.NON_FINITE,
                    "AAA,2024-13-20,1,2,1,1,5", ErrorCode.BAD_DATE,
                    "aaa,2024-03-20,1,2,1,1,5", ErrorCode.BAD_SYMBOL,
                    "AAA,2024-03-20,1,2,3,1,5", ErrorCode.HIGH_BELOW_LOW,
                    "AAA,2024-03-20,1,2,1,3,5", ErrorCode.CLOSE_OUTSIDE_RANGE,
                    "AAA,2024-03-20,1,2,1,1,-5", ErrorCode.NEGATIVE_VOLUME);
            parsePoison.forEach((line, code) -> sent.add(new Sent("prices", "AAA", line)));
            poison.putAll(parsePoison);
            sent.add(new Sent("corporate-actions", "AAA", "AAA,2024-03-20,split,-2"));
            poison.put("AAA,2024-03-20,split,-2", ErrorCode.BAD_SPLIT_RATIO);
            sent.add(new Sent("trades", "P1", "P1,AAA,2024-03-20,10,0"));
            poison.put("P1,AAA,2024-03-20,10,0", ErrorCode.NON_POSITIVE_PRICE);
            sent.add(new Sent("filings", "AAA", "{not json"));
            poison.put("{not json", ErrorCode.UNPARSEABLE);

            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Topics.producerProperties(c.kafka))) {
                for (Sent s : sent) {
                    producer.send(new ProducerRecord<>(s.topic(), s.key().getBytes(StandardCharsets.UTF_8),
                            s.value().getBytes(StandardCharsets.UTF_8)));
                }
            }

            StreamExecutionEnvironment env = FlinkEnvironments.local(c.flink, stack.stateDir());
            MarketPipeline.build(env, new KafkaInputSources(c.kafka, true), new StoreSinks(c), c);
            env.execute("integration");

            // PostgreSQL: one final row per good bar with the right return (BBB split 2:1 on day 3)
            Map<String, Double> returns = new HashMap<>();
            try (Connection db = Schema.connect(c.postgres); Statement st = db.createStatement();
                 ResultSet rs = st.executeQuery("SELECT symbol, date, close, \"return\", provisional FROM symbol_daily")) {
                while (rs.next()) {
                    String key = rs.getString(1) + " " + rs.getObject(2, LocalDate.class);
                    assertEquals(closes.get(key), rs.getDouble(3), key);
                    assertTrue(!rs.getBoolean(5), "final: " + key);
                    double r = rs.getDouble(4);
                    returns.put(key, rs.wasNull() ? null : r);
                }
            }
            assertEquals(closes.keySet(), returns.keySet());
            assertEquals(null, returns.get("AAA " + d0));
            assertEquals(101.0 / 100.0 - 1, returns.get("AAA " + d0.plusDays(1)));
            assertEquals(153.0 * 2 / 152.0 - 1, returns.get("BBB " + d0.plusDays(3)));

            // Kafka result topic: every final row exactly once, after the live day's provisional rows
            List<ConsumerRecord<byte[], byte[]>> results = StoreReader.readAll(c.kafka, "symbol-metrics");
            List<String> keys = new ArrayList<>();
            List<String> provisional = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : results) {
                JsonNode row = ResultJson.mapper().readTree(r.value());
                String key = row.get("symbol").asText() + " " + row.get("date").asText();
                assertTrue(row.has("return") && row.has("vol_21") && row.has("exp_low_vol"), row.toString());
                if (row.get("provisional").asBoolean()) {
                    assertTrue(!keys.contains(key), "provisional after final: " + key);
                    provisional.add(key + " " + row.get("close").asDouble() + " " + row.get("return").asDouble());
                } else {
                    keys.add(key);
                }
            }
            assertEquals(closes.size(), keys.size());
            assertEquals(closes.keySet(), StoreReader.countByValue(keys).keySet());
            assertEquals(List.of("AAA " + live + " 109.0 " + (109.0 / 108 - 1), "AAA " + live + " 109.5 " + (109.5 / 108 - 1)),
                    provisional, "one provisional row per intraday bar, against the previous close");

            // portfolios: one row per day from the first trade, in PostgreSQL and exactly once in Kafka
            Map<LocalDate, Double> marketValues = new HashMap<>();
            try (Connection db = Schema.connect(c.postgres); Statement st = db.createStatement();
                 ResultSet rs = st.executeQuery("SELECT date, market_value, pnl FROM portfolio_daily WHERE portfolio_id = 'P1'")) {
                while (rs.next()) {
                    marketValues.put(rs.getObject(1, LocalDate.class), rs.getDouble(2));
                }
            }
            assertEquals(9, marketValues.size(), "days 1 to 9");
            // day 3: BBB split 2:1 (8 shares at 153) and AAA at 103
            assertEquals(10 * 103.0 + 8 * 153.0, marketValues.get(d0.plusDays(3)));
            List<String> portfolioKeys = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : StoreReader.readAll(c.kafka, "portfolio-metrics")) {
                JsonNode row = ResultJson.mapper().readTree(r.value());
                portfolioKeys.add(row.get("portfolio_id").asText() + " " + row.get("date").asText());
                assertTrue(row.has("beta_mkt_90") && row.has("vol_63") && row.has("sector_unknown"), row.toString());
            }
            assertEquals(9, portfolioKeys.size());
            assertEquals(9, StoreReader.countByValue(portfolioKeys).size());
            // final live rows are deterministic; provisional ones depend on whether the trades topic
            // was read before the prices topic's intraday bars (processing time), so only their day is fixed
            int finalLive = 0;
            for (ConsumerRecord<byte[], byte[]> r : StoreReader.readAll(c.kafka, "portfolio-live")) {
                JsonNode row = ResultJson.mapper().readTree(r.value());
                if (row.get("provisional").asBoolean()) {
                    assertEquals(live.toString(), row.get("date").asText(), "provisional rows only for the live day");
                } else {
                    finalLive++;
                }
            }
            assertEquals(9, finalLive, "a final live row per portfolio day");

            // dead letters: raw bytes back, one per poison record, with its code, in Kafka and PostgreSQL
            Map<String, String> kafkaCodes = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : StoreReader.readAll(c.kafka, "dead-letters")) {
                String raw = new String(r.value(), StandardCharsets.UTF_8);
                assertEquals(null, kafkaCodes.put(raw, StoreReader.header(r, DeadLetterHeaders.ERROR_CODE)), "twice: " + raw);
                assertTrue(StoreReader.header(r, DeadLetterHeaders.SOURCE_TOPIC).matches("prices|corporate-actions|trades|filings"));
            }
            Map<String, String> expected = new HashMap<>();
            poison.forEach((raw, code) -> expected.put(raw, code.name()));
            assertEquals(expected, kafkaCodes);
            Map<String, String> tableCodes = new HashMap<>();
            try (Connection db = Schema.connect(c.postgres); Statement st = db.createStatement();
                 ResultSet rs = st.executeQuery("SELECT convert_from(raw, 'UTF8'), error_code, message, operator FROM dead_letters")) {
                while (rs.next()) {
                    tableCodes.put(rs.getString(1), rs.getString(2));
                    assertTrue(!rs.getString(3).isBlank() && !rs.getString(4).isBlank());
                }
            }
            assertEquals(expected, tableCodes);
        }
    }
}
