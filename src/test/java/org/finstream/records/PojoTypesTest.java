package org.finstream.records;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import java.util.List;
import org.finstream.analytics.SymbolMetrics;
import org.finstream.jobs.ReferenceSeries;
import org.finstream.jobs.PendingActions;
import org.junit.jupiter.api.Test;

/** Every record and state type must use Flink's POJO serializer, never Kryo. */
class PojoTypesTest {
    @Test
    void recordsAndStateAreFlinkPojos() {
        for (Class<?> c : List.of(PriceBar.class, CorporateAction.class, ReferenceData.class, Trade.class,
                Filing.class, Fact.class, DeadLetter.class, SourceRef.class, SymbolDaily.class, FundamentalsRow.class,
                ValuationRow.class, PortfolioTick.class, PortfolioEvent.class, PortfolioDaily.class, PortfolioCorrelation.class,
                org.finstream.analytics.PortfolioLedger.Quote.class, org.finstream.analytics.PortfolioLedger.Book.class,
                org.finstream.jobs.PortfolioFunction.DayLog.class, org.finstream.jobs.PortfolioFunction.Holding.class, org.finstream.jobs.PortfolioFunction.Snapshot.class,
                org.finstream.jobs.PortfolioFanoutFunction.Holder.class, PortfolioLive.class,
                PendingActions.class, SymbolMetrics.class, ReferenceSeries.class, MarketEvent.class)) {
            assertSerializedAsPojoWithoutKryo(c);
        }
    }
}
