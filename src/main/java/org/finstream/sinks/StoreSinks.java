package org.finstream.sinks;

import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
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

    public StoreSinks(FinstreamConfig config) {
        this.config = config;
    }

    @Override
    public void symbolDaily(DataStream<SymbolDaily> rows) {
        List<String> columns = config.metrics.spec().columns();
        rows.sinkTo(JdbcSinks.symbolDaily(config.postgres, columns))
                .name("symbol-daily-postgres").uid("sink-symbol-daily-postgres");
        rows.sinkTo(KafkaSinks.json(config.kafka, config.kafka.topic("symbol-metrics"), "symbol-metrics",
                SymbolDaily::getSymbol, row -> ResultJson.symbolDaily(row, columns)))
                .name("symbol-daily-kafka").uid("sink-symbol-daily-kafka");
    }

    @Override
    public void fundamentals(DataStream<FundamentalsRow> rows) {
        rows.sinkTo(JdbcSinks.fundamentals(config.postgres)).name("fundamentals-postgres").uid("sink-fundamentals-postgres");
        rows.sinkTo(KafkaSinks.json(config.kafka, config.kafka.topic("fundamentals"), "fundamentals",
                FundamentalsRow::getSymbol, ResultJson::fundamentals))
                .name("fundamentals-kafka").uid("sink-fundamentals-kafka");
    }

    @Override
    public void valuation(DataStream<ValuationRow> rows) {
        rows.sinkTo(JdbcSinks.valuation(config.postgres)).name("valuation-postgres").uid("sink-valuation-postgres");
        rows.sinkTo(KafkaSinks.json(config.kafka, config.kafka.topic("valuation"), "valuation",
                ValuationRow::getSymbol, ResultJson::valuation))
                .name("valuation-kafka").uid("sink-valuation-kafka");
    }

    @Override
    public void portfolioDaily(DataStream<PortfolioDaily> rows) {
        List<String> columns = config.metrics.spec().portfolioColumns();
        rows.sinkTo(JdbcSinks.portfolioDaily(config.postgres, columns))
                .name("portfolio-daily-postgres").uid("sink-portfolio-daily-postgres");
        rows.sinkTo(KafkaSinks.json(config.kafka, config.kafka.topic("portfolio-metrics"), "portfolio-metrics",
                PortfolioDaily::getPortfolioId, row -> ResultJson.portfolioDaily(row, columns)))
                .name("portfolio-daily-kafka").uid("sink-portfolio-daily-kafka");
    }

    @Override
    public void portfolioCorrelations(DataStream<PortfolioCorrelation> rows) {
        rows.sinkTo(JdbcSinks.portfolioCorrelations(config.postgres))
                .name("portfolio-correlations-postgres").uid("sink-portfolio-correlations-postgres");
    }

    @Override
    public void portfolioLive(DataStream<PortfolioLive> rows) {
        rows.sinkTo(JdbcSinks.portfolioLive(config.postgres)).name("portfolio-live-postgres").uid("sink-portfolio-live-postgres");
        rows.sinkTo(KafkaSinks.json(config.kafka, config.kafka.topic("portfolio-live"), "portfolio-live",
                PortfolioLive::getPortfolioId, ResultJson::portfolioLive))
                .name("portfolio-live-kafka").uid("sink-portfolio-live-kafka");
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        deadLetters.sinkTo(JdbcSinks.deadLetters(config.postgres)).name("dead-letters-postgres").uid("sink-dead-letters-postgres");
        deadLetters.sinkTo(KafkaSinks.deadLetters(config.kafka, config.kafka.topic("dead-letters")))
                .name("dead-letters-kafka").uid("sink-dead-letters-kafka");
    }
}
