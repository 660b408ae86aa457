package org.finstream.sinks;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.finstream.records.DeadLetter;
import org.finstream.records.FundamentalsRow;
import org.finstream.records.PortfolioCorrelation;
import org.finstream.records.PortfolioDaily;
import org.finstream.records.PortfolioLive;
import org.finstream.records.SymbolDaily;
import org.finstream.records.ValuationRow;

/** Other sinks, with whatever a subclass adds to the wiring of some streams. */
public abstract class DelegatingSinks implements ResultSinks {
    protected final ResultSinks store;

    protected DelegatingSinks(ResultSinks store) {
        this.store = store;
    }

    @Override public void symbolDaily(DataStream<SymbolDaily> rows) { store.symbolDaily(rows); }
    @Override public void fundamentals(DataStream<FundamentalsRow> rows) { store.fundamentals(rows); }
    @Override public void valuation(DataStream<ValuationRow> rows) { store.valuation(rows); }
    @Override public void portfolioDaily(DataStream<PortfolioDaily> rows) { store.portfolioDaily(rows); }
    @Override public void portfolioCorrelations(DataStream<PortfolioCorrelation> rows) { store.portfolioCorrelations(rows); }
    @Override public void portfolioLive(DataStream<PortfolioLive> rows) { store.portfolioLive(rows); }
    @Override public void deadLetters(DataStream<DeadLetter> rows) { store.deadLetters(rows); }
}
