package org.finstream.generator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Writes {@code trades.csv}. Each portfolio opens 18-24 positions (about $10k-$200k each,
 * whole shares) at the close of trading day {@code max(0, days - 87)}; one portfolio in ten
 * holds an ETF, one in four also holds one to three short positions. On every later trading
 * day a portfolio trades with probability 0.15 (about three trades a month): it trims or adds
 * to a position, or closes one entirely (selling or covering exactly the held quantity) and
 * opens a new one. Holdings follow splits (a 2:1 split doubles the held quantity), and every
 * trade is done at that day's close. Rows are ordered by date, then portfolio.
 */
final class TradeGenerator {
    static final int INITIAL_DAYS_BEFORE_END = 87;
    static final double TRADE_PROBABILITY = 0.15;
    private static final double ETF_POSITION_PROBABILITY = 0.1;
    private static final double SHORT_SELLER_PROBABILITY = 0.25;
    private static final double SHORT_NEW_POSITION_PROBABILITY = 0.3;
    private static final double MIN_POSITION = 10_000;
    private static final double MAX_POSITION = 200_000;

    private final List<Instrument> universe;
    private final PriceHistory prices;
    private final SplittableRandom rng;
    private final int[] stocks;
    private final int[] etfs;

    TradeGenerator(List<Instrument> universe, PriceHistory prices, SplittableRandom rng) {
        this.universe = universe;
        this.prices = prices;
        this.rng = rng;
        List<Integer> stockList = new ArrayList<>();
        List<Integer> etfList = new ArrayList<>();
        for (int i = 0; i < universe.size(); i++) {
            (universe.get(i).isEtf() ? etfList : stockList).add(i);
        }
        this.stocks = stockList.stream().mapToInt(Integer::intValue).toArray();
        this.etfs = etfList.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The index of the trading day of the initial purchases. */
    static int initialDay(int days) {
        return Math.max(0, days - INITIAL_DAYS_BEFORE_END);
    }

    void write(int portfolios, RowWriter out) throws IOException {
        List<Portfolio> all = new ArrayList<>(portfolios);
        for (int p = 1; p <= portfolios; p++) {
            all.add(new Portfolio(String.format("P%04d", p), rng.split(), out));
        }
        int first = initialDay(prices.days().size());
        for (Portfolio p : all) {
            p.open(first);
        }
        int nextAction = 0;
        List<Action> actions = prices.actions();
        for (int d = first + 1; d < prices.days().size(); d++) {
            for (; nextAction < actions.size() && actions.get(nextAction).day() <= d; nextAction++) {
                Action a = actions.get(nextAction);
                if (a.day() == d && a.isSplit()) {
                    all.forEach(p -> p.split(a.instrument(), a.value()));
                }
            }
            for (Portfolio p : all) {
                p.rebalance(d);
            }
        }
    }

    /** One portfolio's holdings (instrument index to signed whole shares) and its random stream. */
    private final class Portfolio {
        private final String id;
        private final SplittableRandom rng;
        private final RowWriter out;
        private final boolean shortSeller;
        private final TreeMap<Integer, Long> holdings = new TreeMap<>();

        Portfolio(String id, SplittableRandom rng, RowWriter out) {
            this.id = id;
            this.rng = rng;
            this.out = out;
            this.shortSeller = Draws.chance(rng, SHORT_SELLER_PROBABILITY);
        }

        void open(int day) throws IOException {
            int n = Math.min(Draws.between(rng, 18, 24), stocks.length);
            int[] picks = stocks.clone();
            for (int j = 0; j < n; j++) {
                int k = j + rng.nextInt(picks.length - j);
                int chosen = picks[k];
                picks[k] = picks[j];
                picks[j] = chosen;
            }
            if (Draws.chance(rng, ETF_POSITION_PROBABILITY)) {
                picks[n - 1] = etfs[rng.nextInt(etfs.length)];
            }
            int shorts = shortSeller ? Draws.between(rng, 1, 3) : 0;
            for (int j = 0; j < n; j++) {
                long quantity = newPositionQuantity(picks[j], day);
                trade(picks[j], j < shorts ? -quantity : quantity, day);
            }
        }

        void split(int instrument, long ratio) {
            holdings.computeIfPresent(instrument, (k, q) -> q * ratio);
        }

        void rebalance(int day) throws IOException {
            if (!Draws.chance(rng, TRADE_PROBABILITY)) {
                return;
            }
            if (holdings.isEmpty()) {
                openNewPosition(day);
                return;
            }
            List<Integer> held = new ArrayList<>(holdings.keySet());
            int instrument = held.get(rng.nextInt(held.size()));
            long quantity = holdings.get(instrument);
            long size = Math.abs(quantity);
            long direction = Long.signum(quantity);
            double u = rng.nextDouble();
            if (u < 0.4 && size >= 2) {
                long trim = Math.max(1, Math.min(size - 1, Math.round(size * Draws.uniform(rng, 0.1, 0.5))));
                trade(instrument, -direction * trim, day);
            } else if (u < 0.75) {
                trade(instrument, direction * Math.max(1, Math.round(size * Draws.uniform(rng, 0.1, 0.5))), day);
            } else {
                trade(instrument, -quantity, day);
                openNewPosition(day);
            }
        }

        private void openNewPosition(int day) throws IOException {
            List<Integer> candidates = new ArrayList<>();
            for (int s : stocks) {
                if (!holdings.containsKey(s)) {
                    candidates.add(s);
                }
            }
            if (candidates.isEmpty()) {
                return;
            }
            int instrument = candidates.get(rng.nextInt(candidates.size()));
            long quantity = newPositionQuantity(instrument, day);
            boolean isShort = shortSeller && Draws.chance(rng, SHORT_NEW_POSITION_PROBABILITY);
            trade(instrument, isShort ? -quantity : quantity, day);
        }

        private long newPositionQuantity(int instrument, int day) {
            double price = Ticks.units(prices.close(instrument, day));
            return Math.max(1, Math.round(Draws.logUniform(rng, MIN_POSITION, MAX_POSITION) / price));
        }

        private void trade(int instrument, long quantity, int day) throws IOException {
            long after = holdings.getOrDefault(instrument, 0L) + quantity;
            if (after == 0) {
                holdings.remove(instrument);
            } else {
                holdings.put(instrument, after);
            }
            out.row(id, universe.get(instrument).symbol(), prices.days().get(day).toString(),
                    Long.toString(quantity), Ticks.format(prices.close(instrument, day)));
        }
    }
}
