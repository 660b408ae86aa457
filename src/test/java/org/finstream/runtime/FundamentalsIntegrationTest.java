package org.finstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.KafkaInputSources;
import org.finstream.jobs.MarketPipeline;
import org.finstream.sinks.ResultJson;
import org.finstream.sinks.StoreSinks;
import org.junit.jupiter.api.Test;

/**
 * Filings and prices through a real Kafka broker, a Flink MiniCluster and a real PostgreSQL
 * server: one fundamentals row per quarter end and one valuation row per bar, in PostgreSQL and
 * exactly once per emission in Kafka; a 10-Q/A restatement updates the affected rows in place.
 */
class FundamentalsIntegrationTest {
    private static ObjectNode tenQ(String accession, String form, LocalDate start, LocalDate end, LocalDate filed,
                                   double revenue, double eps) {
        ObjectNode f = ResultJson.mapper().createObjectNode().put("symbol", "XYZ").put("cik", "0000000001")
                .put("form", form).put("accession", accession).put("filed", filed.toString())
                .put("fiscal_year", end.getYear()).put("fiscal_period", "Q" + ((end.getMonthValue() + 2) / 3));
        ArrayNode facts = f.putArray("facts");
        facts.addObject().put("concept", "revenue").put("start", start.toString()).put("end", end.toString())
                .put("value", revenue);
        facts.addObject().put("concept", "eps_diluted").put("start", start.toString()).put("end", end.toString())
                .put("value", eps);
        facts.addObject().put("concept", "shares_outstanding").put("end", end.toString()).put("value", 1000);
        return f;
    }

    @Test
    void fundamentalsAndValuationRowsAndARestatementInPlace() throws Exception {
        FinstreamConfig base = FinstreamConfig.defaults();
        try (EmbeddedStack stack = EmbeddedStack.start(base)) {
            FinstreamConfig c = stack.config();
            List<String[]> sent = new ArrayList<>();
            LocalDate first = LocalDate.of(2023, 1, 1);
            for (int i = 0; i < 5; i++) {
                LocalDate start = first.plusMonths(3L * i);
                LocalDate end = start.plusMonths(3).minusDays(1);
                sent.add(new String[] {"filings", tenQ("acc-" + i, "10-Q", start, end, end.plusDays(20), 100 + i, 1.0)
                        .toString()});
            }
            // the first quarter of 2024 is restated two weeks after it was filed
            LocalDate q5start = first.plusMonths(12);
            LocalDate q5end = q5start.plusMonths(3).minusDays(1);
            sent.add(new String[] {"filings", tenQ("acc-4a", "10-Q/A", q5start, q5end, q5end.plusDays(34), 150, 2.0)
                    .toString()});
            int bars = 0;
            for (LocalDate d = first; d.isBefore(LocalDate.of(2024, 6, 1)); d = d.plusDays(1)) {
                sent.add(new String[] {"prices", "XYZ," + d + ",40,40,40,40,100"});
                bars++;
            }
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Topics.producerProperties(c.kafka))) {
                for (String[] s : sent) {
                    producer.send(new ProducerRecord<>(s[0], "XYZ".getBytes(StandardCharsets.UTF_8),
                            s[1].getBytes(StandardCharsets.UTF_8)));
                }
            }

            StreamExecutionEnvironment env = FlinkEnvironments.local(c.flink, stack.stateDir());
            MarketPipeline.build(env, new KafkaInputSources(c.kafka, true), new StoreSinks(c), c);
            env.execute("fundamentals-integration");

            Map<LocalDate, String> rows = new HashMap<>();
            try (Connection db = Schema.connect(c.postgres); Statement st = db.createStatement();
                 ResultSet rs = st.executeQuery("SELECT period_end, form, revenue_ttm, eps_ttm FROM fundamentals")) {
                while (rs.next()) {
                    rows.put(rs.getObject(1, LocalDate.class), rs.getString(2) + " " + rs.getObject(3) + " " + rs.getObject(4));
                }
            }
            assertEquals(5, rows.size(), "one row per quarter end, the restatement in place: " + rows);
            assertEquals("10-Q/A " + (101.0 + 102 + 103 + 150) + " 5.0", rows.get(q5end));
            assertEquals("10-Q 406.0 4.0", rows.get(q5start.minusDays(1)));

            List<String> emitted = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : StoreReader.readAll(c.kafka, "fundamentals")) {
                JsonNode row = ResultJson.mapper().readTree(r.value());
                emitted.add(row.get("period_end").asText() + " " + row.get("form").asText());
            }
            assertEquals(6, emitted.size(), "five rows, then the restated one again: " + emitted);
            assertEquals(q5end + " 10-Q/A", emitted.get(5));

            Map<LocalDate, Double> pe = new HashMap<>();
            try (Connection db = Schema.connect(c.postgres); Statement st = db.createStatement();
                 ResultSet rs = st.executeQuery("SELECT date, pe, provisional FROM valuation_daily")) {
                while (rs.next()) {
                    assertTrue(!rs.getBoolean(3));
                    pe.put(rs.getObject(1, LocalDate.class), (Double) rs.getObject(2));
                }
            }
            assertEquals(bars, pe.size());
            assertEquals(bars, StoreReader.readAll(c.kafka, "valuation").size());
            assertEquals(40.0 / 4, pe.get(q5end.plusDays(33)), "the original 10-Q the day before the restatement");
            assertEquals(40.0 / 5, pe.get(q5end.plusDays(34)), "the restatement from its filing day on");
            assertEquals(null, pe.get(first.plusMonths(9).plusDays(18)), "before the fourth quarter is filed");
        }
    }
}
