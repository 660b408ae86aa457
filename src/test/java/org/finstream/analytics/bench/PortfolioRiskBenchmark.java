package org.finstream.analytics.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.finstream.analytics.MetricsSpec;
import org.finstream.analytics.PortfolioRisk;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link PortfolioRisk} on one day of a 21-position portfolio, each position carrying its
 * aggregated metrics (the default spec's portfolio columns) and the 180 trading days of return
 * history the pipeline keeps, with about 2% of the days missing per symbol (halts, gaps). The
 * inputs cycle through a few such portfolios. {@code riskColumns}: one op is one portfolio
 * day's weight-based columns ({@link PortfolioRisk#of}: weighted metrics, top-5 weight, HHI,
 * sector weights, vol_63); {@code correlations}: one op is the day's 210 pairwise correlations
 * over 90 common dates ({@link PortfolioRisk#correlations}).
 */
@State(Scope.Thread)
public class PortfolioRiskBenchmark extends SteadyStateBenchmark {
    private static final int POSITIONS = 21;
    /** Returns kept per symbol: MarketPipeline's PORTFOLIO_HISTORY, twice the longest window. */
    private static final int HISTORY = 180;
    /** MarketPipeline's PORTFOLIO_VOL_WINDOW. */
    private static final int VOL_WINDOW = 63;
    /** MarketPipeline's PORTFOLIO_CORRELATION_WINDOW. */
    private static final int CORRELATION_WINDOW = 90;
    private static final int PORTFOLIOS = 8;
    /** The newest day of every return history (a trading-day number; a position misses it like any other day). */
    private static final long LAST_DAY = 20_000;
    private static final String[] SECTORS = {"Information Technology", "Health Care", "Financials",
        "Consumer Discretionary", "Communication Services", "Industrials", "Consumer Staples", "Energy",
        "Utilities", "Real Estate", "Materials"};

    private int metricCount;
    private int annualization;
    private List<List<PortfolioRisk.Position>> portfolios;
    private double[] marketValues;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        MetricsSpec spec = MarketData.defaultSpec();
        metricCount = spec.portfolioColumns().size();
        annualization = spec.annualizationDays();
        Random rnd = new Random(1);
        portfolios = new ArrayList<>();
        marketValues = new double[PORTFOLIOS];
        for (int p = 0; p < PORTFOLIOS; p++) {
            List<PortfolioRisk.Position> positions = new ArrayList<>();
            for (int i = 0; i < POSITIONS; i++) {
                double value = 1_000 + rnd.nextDouble() * 50_000;
                marketValues[p] += value;
                positions.add(position(rnd, "S" + p + "_" + i, value, SECTORS[rnd.nextInt(SECTORS.length)]));
            }
            portfolios.add(positions);
        }
    }

    private PortfolioRisk.Position position(Random rnd, String symbol, double value, String sector) {
        Double[] metrics = new Double[metricCount];
        for (int m = 0; m < metricCount; m++) {
            metrics[m] = rnd.nextGaussian();
        }
        long[] days = new long[HISTORY];
        double[] returns = new double[HISTORY];
        long day = LAST_DAY;
        for (int n = HISTORY - 1; n >= 0; day--) {
            if (rnd.nextInt(50) != 0) {
                days[n] = day;
                returns[n--] = rnd.nextGaussian() * 0.015;
            }
        }
        return new PortfolioRisk.Position(symbol, value, sector, metrics, days, returns);
    }

    @Benchmark
    public PortfolioRisk.Result riskColumns() {
        int p = next++ % PORTFOLIOS;
        return PortfolioRisk.of(portfolios.get(p), marketValues[p], metricCount, VOL_WINDOW, annualization);
    }

    @Benchmark
    public List<PortfolioRisk.Correlation> correlations() {
        return PortfolioRisk.correlations(portfolios.get(next++ % PORTFOLIOS), CORRELATION_WINDOW);
    }
}
