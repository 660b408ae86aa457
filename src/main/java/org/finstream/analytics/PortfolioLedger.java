package org.finstream.analytics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.finstream.records.PortfolioTick;
import org.finstream.records.Trade;

/**
 * One portfolio's holdings and book, advanced one portfolio day at a time (README "Portfolios",
 * rules 1-4). Flink-free, so that the keyed operator closes each day with it and, when a
 * back-dated trade arrives, replays the days since a snapshot with exactly the same steps.
 */
public final class PortfolioLedger {
    private PortfolioLedger() {}

    /**
     * Trades in the order they were published to their topic (a portfolio's trades share one
     * partition), whatever path and order they arrived by, so that a day's sums are always the
     * same; trades without an origin keep their order.
     */
    private static final Comparator<Trade> PUBLISHED_ORDER = Comparator.comparing(
            (Trade t) -> t.getOrigin() == null ? null : t.getOrigin().getPartition(),
            Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(t -> t.getOrigin() == null ? null : t.getOrigin().getOffset(),
                    Comparator.nullsFirst(Comparator.naturalOrder()));

    /**
     * The values of a closed portfolio day ({@link #priced} gives its positions for the risk
     * columns, from the quantities and quotes as the day left them).
     */
    public record Day(long day, double marketValue, double grossExposure, double pnl, double equity, Double ret) {}

    /**
     * Closes {@code day} if it is a portfolio day: a symbol held at the end of the previous
     * portfolio day, or with a not yet applied trade dated on or before {@code day}, has a bar on
     * it (a tick in {@code today}). Splits and dividends of the day act on the previous
     * quantities, the trades dated on or before {@code day} are applied, the quotes take the
     * carried ticks and the day's ticks, and positions that reach 0 are dropped.
     *
     * @param held    quantities at the end of the previous portfolio day, by symbol; updated in place
     * @param quotes  the latest price, sector, metrics and returns of each symbol seen; updated in
     *                place (kept when a position is dropped, so a replay that reopens it finds them)
     * @param book    market value and equity of the previous portfolio day; updated in place
     * @param today   the ticks of the bars dated {@code day}
     * @param carried carried ticks (the last row of a symbol without a bar, for a new holder) dated
     *                after the previous portfolio day and on or before {@code day}, in date order
     * @param trades  trades not yet applied, in arrival order; those applied are removed
     * @param changed receives the symbols whose quantity or quote changed, or whose position was dropped
     * @return the day, or null when {@code day} is not a portfolio day (then nothing changed)
     */
    public static Day close(Map<String, Double> held, Map<String, Quote> quotes, Book book, long day,
                            Collection<PortfolioTick> today, List<PortfolioTick> carried, List<Trade> trades,
                            int historyLength, Set<String> changed) {
        if (!isPortfolioDay(held, day, today, trades)) {
            return null;
        }
        double dividends = 0;
        for (PortfolioTick t : today) {
            Double q = held.get(t.getSymbol());
            if (q != null) {
                dividends += q * t.getSplitRatio() * t.getDividend();
                held.put(t.getSymbol(), q * t.getSplitRatio());
            }
        }
        List<Trade> applied = new ArrayList<>();
        for (Iterator<Trade> it = trades.iterator(); it.hasNext(); ) {
            Trade trade = it.next();
            if (trade.getTradeDate().toEpochDay() <= day) {
                applied.add(trade);
                it.remove();
            }
        }
        applied.sort(PUBLISHED_ORDER);
        double tradeCash = 0;
        for (Trade trade : applied) {
            held.merge(trade.getSymbol(), trade.getQuantity(), Double::sum);
            tradeCash += trade.getQuantity() * trade.getPrice();
            changed.add(trade.getSymbol());
        }
        List<PortfolioTick> observed = new ArrayList<>(carried);
        observed.addAll(today);
        for (PortfolioTick t : observed) {
            quotes.computeIfAbsent(t.getSymbol(), s -> new Quote()).observe(t, historyLength);
            changed.add(t.getSymbol());
        }

        double marketValue = 0;
        double gross = 0;
        for (String symbol : new TreeSet<>(held.keySet())) { // in symbol order: sums do not depend on the map
            double q = held.get(symbol);
            if (q == 0.0) {
                held.remove(symbol);
                changed.add(symbol);
                continue;
            }
            Quote quote = quotes.get(symbol);
            if (quote != null && quote.getClose() != null) {
                double value = q * quote.getClose();
                marketValue += value;
                gross += Math.abs(value);
            }
        }
        double previous = book.getMarketValue();
        double pnl = marketValue - previous - tradeCash + dividends;
        book.setMarketValue(marketValue);
        book.setEquity(book.getEquity() + pnl);
        book.setLastDay(day);
        return new Day(day, marketValue, gross, pnl, book.getEquity(), previous > 0 ? pnl / previous : null);
    }

    /** The held positions that have a quote with a close, valued, in symbol order, as input of the risk columns. */
    public static List<PortfolioRisk.Position> priced(Map<String, Double> held, Map<String, Quote> quotes) {
        List<PortfolioRisk.Position> priced = new ArrayList<>();
        new TreeMap<>(held).forEach((symbol, q) -> {
            Quote quote = quotes.get(symbol);
            if (quote != null && quote.getClose() != null) {
                priced.add(quote.toRisk(symbol, q * quote.getClose()));
            }
        });
        return priced;
    }

    private static boolean isPortfolioDay(Map<String, Double> held, long day, Collection<PortfolioTick> today,
                                          List<Trade> trades) {
        Set<String> traded = new HashSet<>();
        for (Trade t : trades) {
            if (t.getTradeDate().toEpochDay() <= day) {
                traded.add(t.getSymbol());
            }
        }
        for (PortfolioTick t : today) {
            if (held.containsKey(t.getSymbol()) || traded.contains(t.getSymbol())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keyed state: a symbol's latest price, sector and metrics and its recent returns, from the
     * ticks the portfolio received (a tick with a return history replaces the returns).
     */
    public static class Quote {
        private Double close;
        private String sector;
        private Double[] metrics;
        private RowRing returns;

        public Quote() {}

        void observe(PortfolioTick t, int historyLength) {
            close = t.getClose();
            sector = t.getSector();
            metrics = t.getMetrics();
            if (t.getHistoryDays() != null) {
                returns = new RowRing(historyLength, 2);
                for (int i = 0; i < t.getHistoryDays().length; i++) {
                    returns.push(new double[] {t.getHistoryDays()[i], t.getHistoryReturns()[i]});
                }
            } else if (t.getRet() != null) {
                if (returns == null) {
                    returns = new RowRing(historyLength, 2);
                }
                returns.push(new double[] {t.getDate().toEpochDay(), t.getRet()});
            }
        }

        /** The position in this symbol as input of the risk columns, valued at {@code value}. */
        PortfolioRisk.Position toRisk(String symbol, double value) {
            int n = returns == null ? 0 : returns.size();
            long[] days = new long[n];
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                days[i] = (long) returns.get(i, 0);
                values[i] = returns.get(i, 1);
            }
            return new PortfolioRisk.Position(symbol, value, sector, metrics, days, values);
        }

        public Double getClose() { return close; }
        public void setClose(Double close) { this.close = close; }
        public String getSector() { return sector; }
        public void setSector(String sector) { this.sector = sector; }
        public Double[] getMetrics() { return metrics; }
        public void setMetrics(Double[] metrics) { this.metrics = metrics; }
        public RowRing getReturns() { return returns; }
        public void setReturns(RowRing returns) { this.returns = returns; }
    }

    /** Keyed state: the portfolio's market value and equity at its last closed day. */
    public static class Book {
        private double marketValue;
        private double equity;
        private long lastDay = Long.MIN_VALUE;

        public Book() {}

        public double getMarketValue() { return marketValue; }
        public void setMarketValue(double marketValue) { this.marketValue = marketValue; }
        public double getEquity() { return equity; }
        public void setEquity(double equity) { this.equity = equity; }
        /** Epoch day of the last closed portfolio day ({@link Long#MIN_VALUE}: none yet). */
        public long getLastDay() { return lastDay; }
        public void setLastDay(long lastDay) { this.lastDay = lastDay; }
    }
}
