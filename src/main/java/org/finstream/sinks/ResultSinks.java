package org.finstream.sinks;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.finstream.records.DeadLetter;
import org.finstream.records.FundamentalsRow;
import org.finstream.records.PortfolioCorrelation;
import org.finstream.records.PortfolioDaily;
import org.finstream.records.PortfolioLive;
import org.finstream.records.SymbolDaily;
import org.finstream.records.ValuationRow;

/** Attaches the sinks of each result stream, each with its own stable uid. */
public interface ResultSinks {
    void symbolDaily(DataStream<SymbolDaily> rows);

    void fundamentals(DataStream<FundamentalsRow> rows);

    void valuation(DataStream<ValuationRow> rows);

    void portfolioDaily(DataStream<PortfolioDaily> rows);

    void portfolioCorrelations(DataStream<PortfolioCorrelation> rows);

    void portfolioLive(DataStream<PortfolioLive> rows);

    void deadLetters(DataStream<DeadLetter> deadLetters);
}
