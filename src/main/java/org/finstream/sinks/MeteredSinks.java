package org.finstream.sinks;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.finstream.records.DeadLetter;
import org.finstream.records.FundamentalsRow;
import org.finstream.records.PortfolioCorrelation;
import org.finstream.records.PortfolioDaily;
import org.finstream.records.PortfolioLive;
import org.finstream.records.SymbolDaily;
import org.finstream.records.ValuationRow;

/**
 * Other sinks behind finstream's sink metrics: each result stream passes a {@link SinkLatency}
 * and the dead letters a {@link DeadLetterCounter}, chained to the sinks (stateless operators
 * with stable uids, so savepoints taken without them still restore).
 */
public final class MeteredSinks extends DelegatingSinks {
    public MeteredSinks(ResultSinks store) {
        super(store);
    }

    @Override public void symbolDaily(DataStream<SymbolDaily> rows) { store.symbolDaily(latency(rows, "symbol-daily")); }
    @Override public void fundamentals(DataStream<FundamentalsRow> rows) { store.fundamentals(latency(rows, "fundamentals")); }
    @Override public void valuation(DataStream<ValuationRow> rows) { store.valuation(latency(rows, "valuation")); }
    @Override public void portfolioDaily(DataStream<PortfolioDaily> rows) {
        store.portfolioDaily(latency(rows, "portfolio-daily"));
    }
    @Override public void portfolioCorrelations(DataStream<PortfolioCorrelation> rows) {
        store.portfolioCorrelations(latency(rows, "portfolio-correlations"));
    }
    @Override public void portfolioLive(DataStream<PortfolioLive> rows) { store.portfolioLive(latency(rows, "portfolio-live")); }

    @Override
    public void deadLetters(DataStream<DeadLetter> rows) {
        store.deadLetters(pass(rows, new DeadLetterCounter(), "dead-letter-metrics"));
    }

    private static <T> DataStream<T> latency(DataStream<T> rows, String sink) {
        return pass(rows, new SinkLatency<>(sink), "latency-" + sink);
    }

    private static <T> DataStream<T> pass(DataStream<T> rows, ProcessFunction<T, T> function, String uid) {
        TypeInformation<T> type = rows.getType();
        return rows.process(function, type).name(uid).uid(uid);
    }
}
