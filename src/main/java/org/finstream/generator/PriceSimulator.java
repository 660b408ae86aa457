package org.finstream.generator;

import java.io.IOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.finstream.records.ActionType;

/**
 * Simulates raw (unadjusted) daily bars of the universe, one trading day at a time.
 *
 * <p>The model return {@code r_d} of a stock is {@code alpha + beta_mkt*mkt + beta_rates*rates +
 * sum(loading_k*spread_k) + sector effect + idiosyncratic noise}; an ETF's is its {@link
 * Etf#modelReturn} plus tracking noise. The close then follows from the total return definition
 * {@code r_d = (c_d + D_d) * s_d / c_{d-1} - 1}, i.e. {@code c_d = c_{d-1} * (1 + r_d) / s_d - D_d},
 * so that splits ({@code s_d}) and cash dividends ({@code D_d}) with ex-date {@code d} show in
 * the raw prices exactly as they would in a real feed.
 */
final class PriceSimulator {
    /** Daily probability of a split of a stock (when its price allows one). */
    static final double SPLIT_PROBABILITY = 1.0 / 1500;
    /** A split never takes the price below this. */
    static final double MIN_POST_SPLIT_PRICE = 25;
    /** Model returns are clipped to +-30% (never reached in practice; keeps prices positive). */
    static final double MAX_ABS_RETURN = 0.3;
    private static final int[] SPLIT_RATIOS = {2, 3, 4};
    /** Overnight gap and intraday range as multiples of the instrument's daily volatility. */
    private static final double GAP_SHARE = 0.3;
    private static final double RANGE_SHARE = 0.6;
    private static final double VOLUME_DISPERSION = 0.25;

    private final List<Instrument> universe;
    private final List<LocalDate> days;
    private final SplittableRandom factorRng;
    private final InstrumentPath[] paths;

    /** Receives each day's bars as soon as they are simulated. */
    @FunctionalInterface
    interface DaySink {
        void accept(DailyBars bars) throws IOException;
    }

    PriceSimulator(List<Instrument> universe, List<LocalDate> days, SplittableRandom rng) {
        this.universe = universe;
        this.days = days;
        this.factorRng = rng.split();
        this.paths = new InstrumentPath[universe.size()];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = new InstrumentPath(i, universe.get(i), days, rng.split());
        }
    }

    PriceHistory simulate(DaySink sink) throws IOException {
        long[][] close = new long[universe.size()][days.size()];
        List<Action> actions = new ArrayList<>();
        for (int d = 0; d < days.size(); d++) {
            FactorDay f = d == 0 ? null : FactorDay.draw(factorRng);
            DailyBars bars = new DailyBars(d, days.get(d), universe.size());
            for (int i = 0; i < paths.length; i++) {
                paths[i].advance(d, f, bars, actions);
                close[i][d] = bars.close()[i];
            }
            sink.accept(bars);
        }
        return new PriceHistory(days, close, List.copyOf(actions));
    }

    /** Factor loadings of a stock. */
    private record Loadings(double alpha, double mkt, double rates, double[] spreads, double idioVol) {
        static Loadings draw(Sector sector, SplittableRandom rng) {
            double[] spreads = new double[Spread.values().length];
            for (int k = 0; k < spreads.length; k++) {
                spreads[k] = Draws.normal(rng, 0, 0.5);
            }
            return new Loadings(Draws.normal(rng, 0, 0.0002), Draws.uniform(rng, 0.5, 1.6),
                    Draws.normal(rng, sector.ratesTilt(), 0.25), spreads, Draws.uniform(rng, 0.01, 0.03));
        }

        double systematic(FactorDay f, Sector sector) {
            double r = alpha + mkt * f.mkt() + rates * f.rates() + f.sector(sector);
            for (Spread s : Spread.values()) {
                r += spreads[s.ordinal()] * f.spread(s);
            }
            return r;
        }

        double typicalVol() {
            return Math.sqrt(Math.pow(mkt * FactorDay.MKT_VOL, 2) + Math.pow(FactorDay.SECTOR_VOL, 2)
                    + idioVol * idioVol);
        }
    }

    /** The state of one instrument's price path. */
    private static final class InstrumentPath {
        private final int index;
        private final Instrument instrument;
        private final SplittableRandom rng;
        private final Loadings loadings;
        private final double typicalVol;
        private final BitSet dividendDays;
        private double averageVolume;
        private long lastClose;

        InstrumentPath(int index, Instrument instrument, List<LocalDate> days, SplittableRandom rng) {
            this.index = index;
            this.instrument = instrument;
            this.rng = rng;
            if (instrument.isEtf()) {
                this.loadings = null;
                this.typicalVol = instrument.etf().typicalVol();
                this.averageVolume = instrument.etf().averageVolume();
            } else {
                this.loadings = Loadings.draw(instrument.sector(), rng);
                this.typicalVol = loadings.typicalVol();
                this.averageVolume = Draws.logUniform(rng, 300_000, 30_000_000);
            }
            this.dividendDays = instrument.dividendYield() > 0 ? quarterlyExDays(days, rng) : new BitSet();
        }

        /** Quarterly ex-dates: a fixed day of every third month, moved to the next trading day. */
        private static BitSet quarterlyExDays(List<LocalDate> days, SplittableRandom rng) {
            int phase = rng.nextInt(3);
            int dayOfMonth = Draws.between(rng, 1, 28);
            BitSet exDays = new BitSet(days.size());
            YearMonth last = YearMonth.from(days.get(days.size() - 1));
            for (YearMonth m = YearMonth.from(days.get(0)); !m.isAfter(last); m = m.plusMonths(1)) {
                if ((m.getMonthValue() - 1) % 3 == phase) {
                    int d = TradingCalendar.indexOnOrAfter(days, m.atDay(dayOfMonth));
                    if (d >= 1 && d < days.size()) {
                        exDays.set(d);
                    }
                }
            }
            return exDays;
        }

        void advance(int d, FactorDay f, DailyBars bars, List<Action> actions) {
            double r = 0;
            double reference;
            double closeUnits;
            if (d == 0) {
                reference = instrument.startPrice();
                closeUnits = reference;
            } else {
                r = Math.max(-MAX_ABS_RETURN, Math.min(MAX_ABS_RETURN, modelReturn(f)));
                long dividend = 0;
                if (dividendDays.get(d)) {
                    dividend = dividendTicks();
                    actions.add(new Action(index, d, ActionType.DIVIDEND, dividend));
                }
                int split = 1;
                if (Draws.chance(rng, SPLIT_PROBABILITY) && !instrument.isEtf() && dividend == 0) {
                    split = splitRatio();
                    if (split > 1) {
                        actions.add(new Action(index, d, ActionType.SPLIT, split));
                        averageVolume *= split;
                    }
                }
                double prev = Ticks.units(lastClose);
                reference = prev / split - Ticks.units(dividend);
                closeUnits = prev * (1 + r) / split - Ticks.units(dividend);
            }
            long close = Math.max(1, Ticks.of(closeUnits));
            long open = Math.max(1, Ticks.of(reference * (1 + Draws.normal(rng, 0, GAP_SHARE * typicalVol))));
            long top = Math.max(open, close);
            long bottom = Math.min(open, close);
            double upper = Math.abs(rng.nextGaussian()) * RANGE_SHARE * typicalVol;
            double lower = Math.min(0.5, Math.abs(rng.nextGaussian()) * RANGE_SHARE * typicalVol);
            bars.open()[index] = open;
            bars.close()[index] = close;
            bars.high()[index] = Math.max(top, Math.round(top * (1 + upper)));
            bars.low()[index] = Math.max(1, Math.min(bottom, Math.round(bottom * (1 - lower))));
            bars.volume()[index] = Math.round(averageVolume * Math.exp(Draws.normal(rng, 0, VOLUME_DISPERSION))
                    * (1 + 10 * Math.abs(r)));
            lastClose = close;
        }

        private double modelReturn(FactorDay f) {
            if (instrument.isEtf()) {
                return instrument.etf().modelReturn(f) + Draws.normal(rng, 0, instrument.etf().trackingVol());
            }
            return loadings.systematic(f, instrument.sector()) + Draws.normal(rng, 0, loadings.idioVol());
        }

        /** A quarter of the annual yield on the previous close, in whole cents (at least one). */
        private long dividendTicks() {
            long cent = Ticks.PER_UNIT / 100;
            return Math.max(1, Math.round(lastClose * instrument.dividendYield() / 4 / cent)) * cent;
        }

        /** A ratio among 2, 3, 4 that keeps the price above the minimum, or 1 (no split) if none does. */
        private int splitRatio() {
            int allowed = 0;
            for (int ratio : SPLIT_RATIOS) {
                if (Ticks.units(lastClose) / ratio >= MIN_POST_SPLIT_PRICE) {
                    allowed++;
                }
            }
            return allowed == 0 ? 1 : SPLIT_RATIOS[rng.nextInt(allowed)];
        }
    }
}
