package org.finstream.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.finstream.records.PortfolioDaily;
import org.finstream.records.PortfolioLive;
import org.junit.jupiter.api.Test;

/** The JSON of portfolio rows on the portfolio-metrics and portfolio-live topics, retracted or not. */
class ResultJsonTest {
    private static final LocalDate D = LocalDate.of(2024, 5, 2);

    @Test
    void retractedPortfolioRowsCarryOnlyTheirKeyAndTheFlag() {
        PortfolioDaily daily = new PortfolioDaily();
        daily.setPortfolioId("P1");
        daily.setDate(D);
        daily.setEventTime(1_714_608_000_000L);
        daily.setRetracted(true);
        assertEquals("{\"portfolio_id\":\"P1\",\"date\":\"2024-05-02\",\"retracted\":true}",
                json(ResultJson.portfolioDaily(daily, List.of("beta_mkt_90"))));

        PortfolioLive live = new PortfolioLive();
        live.setPortfolioId("P1");
        live.setDate(D);
        live.setEventTime(1_714_608_000_000L);
        live.setRetracted(true);
        assertEquals("{\"portfolio_id\":\"P1\",\"date\":\"2024-05-02\",\"retracted\":true}",
                json(ResultJson.portfolioLive(live)));
    }

    @Test
    void rowsThatAreNotRetractedAreWrittenWithoutTheFlag() {
        PortfolioDaily daily = new PortfolioDaily();
        daily.setPortfolioId("P1");
        daily.setDate(D);
        daily.setEventTime(1_714_608_000_000L);
        daily.setMarketValue(100);
        daily.setGrossExposure(120);
        daily.setPnl(2);
        daily.setEquity(50);
        daily.setRet(0.02);
        daily.setTop5Weight(1.0);
        daily.setHhi(0.5);
        daily.setMetrics(new Double[] {1.1});
        daily.setSectors(new String[] {"energy"});
        daily.setSectorWeights(new double[] {1.0});
        assertEquals("{\"portfolio_id\":\"P1\",\"date\":\"2024-05-02\",\"event_time\":\"2024-05-02T00:00:00Z\","
                + "\"market_value\":100.0,\"gross_exposure\":120.0,\"pnl\":2.0,\"equity\":50.0,\"return\":0.02,"
                + "\"vol_63\":null,\"top5_weight\":1.0,\"hhi\":0.5,\"beta_mkt_90\":1.1,\"sector_energy\":1.0}",
                json(ResultJson.portfolioDaily(daily, List.of("beta_mkt_90"))));

        PortfolioLive live = new PortfolioLive();
        live.setPortfolioId("P1");
        live.setDate(D);
        live.setEventTime(1_714_608_000_000L);
        live.setProvisional(true);
        live.setMarketValue(101);
        live.setPnl(1);
        assertEquals("{\"portfolio_id\":\"P1\",\"date\":\"2024-05-02\",\"event_time\":\"2024-05-02T00:00:00Z\","
                + "\"provisional\":true,\"market_value\":101.0,\"pnl\":1.0}", json(ResultJson.portfolioLive(live)));
    }

    private static String json(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
