package org.finstream.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.finstream.analytics.MetricsSpec;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.Ingest;
import org.finstream.ingest.InputKind;
import org.finstream.ingest.InputSources;
import org.finstream.records.CorporateAction;
import org.finstream.records.DeadLetter;
import org.finstream.records.Filing;
import org.finstream.records.FundamentalsRow;
import org.finstream.records.PortfolioDaily;
import org.finstream.records.PortfolioEvent;
import org.finstream.records.ReferenceData;
import org.finstream.records.Trade;
import org.finstream.records.MarketEvent;
import org.finstream.records.PriceBar;
import org.finstream.records.SymbolDaily;
import org.finstream.sinks.MeteredSinks;
import org.finstream.sinks.ResultSinks;

/**
 * Builds the finstream pipeline on an environment from injected sources and sinks, so the
 * same wiring runs on Kafka and PostgreSQL in production and on bounded sources and
 * collecting sinks in tests.
 */
public final class MarketPipeline {
    /** Common return dates of vol_63 (METRICS.md section 6). */
    private static final int PORTFOLIO_VOL_WINDOW = 63;
    /** Common return dates of the pairwise correlations. */
    private static final int PORTFOLIO_CORRELATION_WINDOW = 90;
    /**
     * Returns kept per symbol for vol_63 and the correlations: twice the longest window, so the
     * common dates of symbols that miss some days (halts, data gaps) are found up to that far back.
     */
    private static final int PORTFOLIO_HISTORY = 2 * Math.max(PORTFOLIO_VOL_WINDOW, PORTFOLIO_CORRELATION_WINDOW);

    private MarketPipeline() {}

    public static void build(StreamExecutionEnvironment env, InputSources sources, ResultSinks store, FinstreamConfig config) {
        ResultSinks sinks = new MeteredSinks(store);
        FinstreamConfig.Ingest settings = sources.bounded() ? config.ingest.withoutIdleness() : config.ingest;
        MetricsSpec spec = config.metrics.spec();
        List<String[]> seriesSymbols = config.metrics.seriesSymbols();
        List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();
        long correctionDays = config.portfolio.correctionDays();
        long liveEmitMillis = sources.bounded() ? 0 : config.live.emitInterval.toMillis();
        DataStream<PriceBar> prices = Ingest.accepted(env, InputKind.PRICES, sources.source(InputKind.PRICES),
                settings, null, deadLetters);
        DataStream<CorporateAction> actions = Ingest.accepted(env, InputKind.CORPORATE_ACTIONS,
                sources.source(InputKind.CORPORATE_ACTIONS), settings, null, deadLetters);
        DataStream<Filing> filings = Ingest.accepted(env, InputKind.FILINGS, sources.source(InputKind.FILINGS), settings,
                null, deadLetters);
        DataStream<ReferenceData> reference = Ingest.accepted(env, InputKind.REFERENCE,
                sources.source(InputKind.REFERENCE), settings, null, deadLetters);
        DataStream<Trade> trades = Ingest.accepted(env, InputKind.TRADES, sources.source(InputKind.TRADES), settings,
                Duration.ofDays(correctionDays), deadLetters);

        DataStream<MarketEvent> market = prices
                .map((PriceBar bar) -> MarketEvent.of(bar), Types.POJO(MarketEvent.class)).name("market-bars").uid("market-bars")
                .union(actions.map((CorporateAction a) -> MarketEvent.of(a), Types.POJO(MarketEvent.class))
                        .name("market-actions").uid("market-actions"));
        HashSet<String> referenceSymbols = new HashSet<>();
        seriesSymbols.forEach(legs -> referenceSymbols.addAll(Arrays.asList(legs)));
        BroadcastStream<MarketEvent> references = market
                .filter(e -> referenceSymbols.contains(e.symbol())).name("reference-symbols").uid("reference-symbols")
                .broadcast(SymbolMetricsFunction.REFERENCES);
        DataStream<SymbolDaily> daily = market
                .keyBy(MarketEvent::symbol, Types.STRING)
                .connect(references)
                .process(new SymbolMetricsFunction(spec, seriesSymbols, config.metrics.symbolRetention.toDays(),
                        liveEmitMillis),
                        Types.POJO(SymbolDaily.class))
                .name("symbol-metrics").uid("symbol-metrics");
        sinks.symbolDaily(daily);

        SingleOutputStreamOperator<FundamentalsRow> fundamentals = market
                .union(filings.map((Filing f) -> MarketEvent.of(f), Types.POJO(MarketEvent.class))
                        .name("market-filings").uid("market-filings"))
                .keyBy(MarketEvent::symbol, Types.STRING)
                .process(new FundamentalsFunction(config.fundamentals.filingRetention.toDays(), liveEmitMillis),
                        Types.POJO(FundamentalsRow.class))
                .name("fundamentals").uid("fundamentals");
        sinks.fundamentals(fundamentals);
        sinks.valuation(fundamentals.getSideOutput(FundamentalsFunction.VALUATION));

        // portfolios: each symbol's final rows fan out to its holders, each portfolio combines; trades
        // reach their portfolio through the fan-out, behind the rows a back-dated one needs
        SingleOutputStreamOperator<PortfolioEvent> routed = daily
                .map((SymbolDaily row) -> PortfolioEvent.of(row), Types.POJO(PortfolioEvent.class))
                .name("portfolio-symbol-rows").uid("portfolio-symbol-rows")
                .union(trades.map((Trade t) -> PortfolioEvent.of(t), Types.POJO(PortfolioEvent.class))
                                .name("portfolio-trades-by-symbol").uid("portfolio-trades-by-symbol"),
                        reference.map((ReferenceData r) -> PortfolioEvent.of(r), Types.POJO(PortfolioEvent.class))
                                .name("portfolio-reference").uid("portfolio-reference"))
                .keyBy(PortfolioEvent::symbol, Types.STRING)
                .process(new PortfolioFanoutFunction(PORTFOLIO_HISTORY, spec.portfolioColumnIndices(), correctionDays,
                                sources.bounded() ? 0 : config.live.portfolioInterval.toMillis()),
                        Types.POJO(PortfolioEvent.class))
                .name("portfolio-fanout").uid("portfolio-fanout");
        SingleOutputStreamOperator<PortfolioDaily> portfolios = routed
                .keyBy(PortfolioEvent::portfolioId, Types.STRING)
                .process(new PortfolioFunction(spec.portfolioColumns().size(), PORTFOLIO_VOL_WINDOW,
                        PORTFOLIO_CORRELATION_WINDOW, spec.annualizationDays(), !sources.bounded(), PORTFOLIO_HISTORY,
                        correctionDays, liveEmitMillis), Types.POJO(PortfolioDaily.class))
                .name("portfolios").uid("portfolios");
        sinks.portfolioDaily(portfolios);
        sinks.portfolioCorrelations(portfolios.getSideOutput(PortfolioFunction.CORRELATIONS));
        sinks.portfolioLive(portfolios.getSideOutput(PortfolioFunction.LIVE));
        deadLetters.add(routed.getSideOutput(PortfolioFanoutFunction.DEAD_LETTERS));
        deadLetters.add(portfolios.getSideOutput(PortfolioFunction.DEAD_LETTERS));

        DataStream<DeadLetter> allDeadLetters = deadLetters.get(0);
        for (DataStream<DeadLetter> d : deadLetters.subList(1, deadLetters.size())) {
            allDeadLetters = allDeadLetters.union(d);
        }
        sinks.deadLetters(allDeadLetters);
    }

}
