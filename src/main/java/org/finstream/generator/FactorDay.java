package org.finstream.generator;

import java.util.SplittableRandom;

/**
 * The factor returns of one trading day: market, rates, the five spreads, one effect per sector,
 * and SPY's return (the market plus a tiny tracking noise, shared by every ETF defined on SPY).
 */
record FactorDay(double mkt, double rates, double[] spreads, double[] sectors, double spy) {
    static final double MKT_MEAN = 0.0004;
    static final double MKT_VOL = 0.010;
    static final double RATES_VOL = 0.006;
    static final double SECTOR_VOL = 0.005;
    static final double SPY_TRACKING_VOL = 0.0003;

    static FactorDay draw(SplittableRandom rng) {
        double mkt = Draws.normal(rng, MKT_MEAN, MKT_VOL);
        double rates = Draws.normal(rng, 0, RATES_VOL);
        double[] spreads = new double[Spread.values().length];
        for (Spread s : Spread.values()) {
            spreads[s.ordinal()] = Draws.normal(rng, 0, s.vol());
        }
        double[] sectors = new double[Sector.values().length];
        for (int i = 0; i < sectors.length; i++) {
            sectors[i] = Draws.normal(rng, 0, SECTOR_VOL);
        }
        return new FactorDay(mkt, rates, spreads, sectors, mkt + Draws.normal(rng, 0, SPY_TRACKING_VOL));
    }

    double spread(Spread s) {
        return spreads[s.ordinal()];
    }

    double sector(Sector s) {
        return sectors[s.ordinal()];
    }
}
