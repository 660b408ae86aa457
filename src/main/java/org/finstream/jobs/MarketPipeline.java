package org.finstream.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.Ingest;
import org.finstream.ingest.InputKind;
import org.finstream.ingest.InputSources;
import org.finstream.records.CorporateAction;
import org.finstream.records.DeadLetter;
import org.finstream.records.InputEvent;
import org.finstream.records.PriceBar;
import org.finstream.records.SymbolDaily;
import org.finstream.sinks.ResultSinks;

/**
 * Builds the finstream pipeline on an environment from injected sources and sinks, so the
 * same wiring runs on Kafka and PostgreSQL in production and on bounded sources and
 * collecting sinks in tests.
 */
public final class MarketPipeline {
    private MarketPipeline() {}

    public static void build(StreamExecutionEnvironment env, InputSources sources, ResultSinks sinks, FinstreamConfig.Ingest settings) {
        List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();
        DataStream<PriceBar> prices = Ingest.accepted(env, InputKind.PRICES, sources.source(InputKind.PRICES),
                settings, deadLetters);
        DataStream<CorporateAction> actions = Ingest.accepted(env, InputKind.CORPORATE_ACTIONS,
                sources.source(InputKind.CORPORATE_ACTIONS), settings, deadLetters);
        // Validated now, consumed by the fundamentals and portfolio stages.
        for (InputKind<?> kind : List.of(InputKind.REFERENCE, InputKind.TRADES, InputKind.FILINGS)) {
            ingestOnly(env, kind, sources, settings, deadLetters);
        }

        DataStream<SymbolDaily> daily = prices
                .filter(bar -> !bar.isIntraday()).name("daily-bars").uid("daily-bars")
                .keyBy(PriceBar::getSymbol, Types.STRING)
                .connect(actions.keyBy(CorporateAction::getSymbol, Types.STRING))
                .process(new SymbolDailyFunction(), Types.POJO(SymbolDaily.class))
                .name("symbol-daily").uid("symbol-daily");
        sinks.symbolDaily(daily);

        DataStream<DeadLetter> allDeadLetters = deadLetters.get(0);
        for (DataStream<DeadLetter> d : deadLetters.subList(1, deadLetters.size())) {
            allDeadLetters = allDeadLetters.union(d);
        }
        sinks.deadLetters(allDeadLetters);
    }

    private static <T extends InputEvent> void ingestOnly(StreamExecutionEnvironment env, InputKind<T> kind,
            InputSources sources, FinstreamConfig.Ingest settings, List<DataStream<DeadLetter>> deadLetters) {
        Ingest.accepted(env, kind, sources.source(kind), settings, deadLetters);
    }
}
