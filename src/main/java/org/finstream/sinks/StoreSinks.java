package org.finstream.sinks;

import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.function.SerializableFunction;
import org.finstream.config.FinstreamConfig;
import org.finstream.records.DeadLetter;
import org.finstream.records.FundamentalsRow;
import org.finstream.records.PortfolioCorrelation;
import org.finstream.records.PortfolioDaily;
import org.finstream.records.PortfolioLive;
import org.finstream.records.SymbolDaily;
import org.finstream.records.ValuationRow;

/** Every result to PostgreSQL (upsert) and to its Kafka topic (exactly-once). */
public final class StoreSinks implements ResultSinks {
    private final FinstreamConfig config;
    /** Tells this job's Kafka transactional ids apart from another job's ("" for the live job). */
    private final String job;

    /** The live job's sinks. */
    public StoreSinks(FinstreamConfig config) {
        this(config, "");
    }

    private StoreSinks(FinstreamConfig config, String job) {
        this.config = config;
        this.job = job;
    }

    /**
     * The sinks of a backfill, which may run while the live job does: its Kafka producers use
     * transactional ids of their own, so neither job fences the other's transactions.
     */
    public static StoreSinks forBackfill(FinstreamConfig config) {
        return new StoreSinks(config, "backfill-");
    }

    @Override
    public void symbolDaily(DataStream<SymbolDaily> rows) {
        List<String> columns = config.metrics.spec().columns();
        sink(rows, "symbol-daily-postgres", JdbcSinks.symbolDaily(config.postgres, columns));
        sink(rows, "symbol-daily-kafka", json("symbol-metrics", SymbolDaily::getSymbol,
                row -> ResultJson.symbolDaily(row, columns)));
    }

    @Override
    public void fundamentals(DataStream<FundamentalsRow> rows) {
        sink(rows, "fundamentals-postgres", JdbcSinks.fundamentals(config.postgres));
        sink(rows, "fundamentals-kafka", json("fundamentals", FundamentalsRow::getSymbol, ResultJson::fundamentals));
    }

    @Override
    public void valuation(DataStream<ValuationRow> rows) {
        sink(rows, "valuation-postgres", JdbcSinks.valuation(config.postgres));
        sink(rows, "valuation-kafka", json("valuation", ValuationRow::getSymbol, ResultJson::valuation));
    }

    @Override
    public void portfolioDaily(DataStream<PortfolioDaily> rows) {
        List<String> columns = config.metrics.spec().portfolioColumns();
        sink(rows, "portfolio-daily-postgres", JdbcSinks.portfolioDaily(config.postgres, columns));
        sink(rows, "portfolio-daily-kafka", json("portfolio-metrics", PortfolioDaily::getPortfolioId,
                row -> ResultJson.portfolioDaily(row, columns)));
    }

    @Override
    public void portfolioCorrelations(DataStream<PortfolioCorrelation> rows) {
        sink(rows, "portfolio-correlations-postgres", JdbcSinks.portfolioCorrelations(config.postgres));
    }

    @Override
    public void portfolioLive(DataStream<PortfolioLive> rows) {
        sink(rows, "portfolio-live-postgres", JdbcSinks.portfolioLive(config.postgres));
        sink(rows, "portfolio-live-kafka", json("portfolio-live", PortfolioLive::getPortfolioId, ResultJson::portfolioLive));
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        sink(deadLetters, "dead-letters-postgres", JdbcSinks.deadLetters(config.postgres));
        sink(deadLetters, "dead-letters-kafka", KafkaSinks.deadLetters(config.kafka, config.kafka.topic("dead-letters"),
                job + "dead-letters"));
    }

    /** Attaches a sink named {@code name} with the stable uid {@code sink-<name>}. */
    private static <T> void sink(DataStream<T> rows, String name, Sink<T> sink) {
        rows.sinkTo(sink).name(name).uid("sink-" + name);
    }

    /** The exactly-once JSON sink of the configured topic {@code topic} (with the job, its transactional-id name). */
    private <T> Sink<T> json(String topic, SerializableFunction<T, String> key, SerializableFunction<T, byte[]> value) {
        return KafkaSinks.json(config.kafka, config.kafka.topic(topic), job + topic, key, value);
    }
}
