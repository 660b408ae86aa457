package org.finstream.analytics.bench;

import java.util.Random;
import org.finstream.analytics.MetricsSpec;
import org.finstream.config.FinstreamConfig;

/**
 * Deterministic inputs of the benchmarks, generated once per trial from fixed seeds so that a
 * benchmark measures the update, not the random number generator. Each series holds
 * {@link #DAYS} values and is read cyclically with {@link #MASK}.
 */
final class MarketData {
    /** Values per pre-generated series: a power of two, so the day counter wraps with {@link #MASK}. */
    static final int DAYS = 1 << 14;
    static final int MASK = DAYS - 1;

    private MarketData() {}

    /** The per-symbol metrics shape of finstream-defaults.yaml. */
    static MetricsSpec defaultSpec() {
        return FinstreamConfig.defaults().metrics.spec();
    }

    /** {@link #DAYS} normal daily returns with standard deviation {@code dailyVol}. */
    static double[] returns(long seed, double dailyVol) {
        Random rnd = new Random(seed);
        double[] r = new double[DAYS];
        for (int d = 0; d < DAYS; d++) {
            r[d] = rnd.nextGaussian() * dailyVol;
        }
        return r;
    }

    /** A geometric random walk of {@link #DAYS} prices from {@code start}. */
    static double[] prices(long seed, double start, double dailyVol) {
        double[] r = returns(seed, dailyVol);
        double[] p = new double[DAYS];
        double price = start;
        for (int d = 0; d < DAYS; d++) {
            price *= Math.exp(r[d]);
            p[d] = price;
        }
        return p;
    }
}
