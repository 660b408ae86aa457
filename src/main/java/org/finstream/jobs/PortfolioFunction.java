package org.finstream.jobs;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.finstream.analytics.PortfolioRisk;
import org.finstream.analytics.RowRing;
import org.finstream.records.EventTimes;
import org.finstream.records.PortfolioCorrelation;
import org.finstream.records.PortfolioDaily;
import org.finstream.records.PortfolioEvent;
import org.finstream.records.PortfolioLive;
import org.finstream.records.PortfolioTick;
import org.finstream.records.Trade;

/**
 * Keyed by portfolio: holdings from trades, and one row per portfolio day from the ticks of
 * the symbols it holds or trades (METRICS.md section 6, README "Portfolios"): market value,
 * gross exposure, P&L with trades and dividends, equity, return, the weighted sums of the
 * positions' betas and exposures, vol_63, top-5 weight, HHI, sector weights, and the pairwise
 * correlations of the holdings (side output {@link #CORRELATIONS}).
 *
 * <p>A portfolio day is closed when the watermark passes its end: splits of the day scale the
 * previous quantities, dividends are received on them, the day's trades (and trades of earlier
 * days on which their symbol did not trade) are added, then the positions are valued at the
 * day's closes (the last close for a symbol without a bar that day). Positions that reach 0 are
 * dropped, so state is bounded by the holdings and their return windows.
 */
public class PortfolioFunction extends KeyedProcessFunction<String, PortfolioEvent, PortfolioDaily> {
    /** Pairwise correlations of the holdings, per portfolio day. */
    public static final OutputTag<PortfolioCorrelation> CORRELATIONS =
            new OutputTag<>("portfolio-correlations", Types.POJO(PortfolioCorrelation.class));
    /** Live market value and P&L of the day: provisional on each live price, final at the close. */
    public static final OutputTag<PortfolioLive> LIVE = new OutputTag<>("portfolio-live", Types.POJO(PortfolioLive.class));

    private final int metricCount;
    private final int volWindow;
    private final int correlationWindow;
    private final int annualization;
    private final boolean correlationsDaily;
    private final int historyLength;

    private transient MapState<String, PortfolioTick> ticks;
    private transient ListState<Trade> trades;
    private transient MapState<String, Position> positions;
    private transient ValueState<Book> book;
    private transient MapState<String, PortfolioTick> livePrices;

    /** Timer of the end of bounded input (the watermark reaches its maximum only then). */
    private static final long END_OF_INPUT = Long.MAX_VALUE - 1;

    /**
     * @param correlationsDaily emit the correlations on every portfolio day (live), or only those
     *                          of each portfolio's last day at the end of bounded input (a replay
     *                          of history would otherwise write ~210 rows per portfolio and day
     *                          only to overwrite them)
     */
    public PortfolioFunction(int metricCount, int volWindow, int correlationWindow, int annualization,
                             boolean correlationsDaily, int historyLength) {
        this.metricCount = metricCount;
        this.volWindow = volWindow;
        this.correlationWindow = correlationWindow;
        this.annualization = annualization;
        this.correlationsDaily = correlationsDaily;
        this.historyLength = historyLength;
    }

    @Override
    public void open(OpenContext ctx) {
        ticks = getRuntimeContext().getMapState(new MapStateDescriptor<>("ticks", Types.STRING, Types.POJO(PortfolioTick.class)));
        trades = getRuntimeContext().getListState(new ListStateDescriptor<>("trades", Types.POJO(Trade.class)));
        positions = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("positions", Types.STRING, Types.POJO(Position.class)));
        book = getRuntimeContext().getState(new ValueStateDescriptor<>("book", Types.POJO(Book.class)));
        livePrices = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("live-prices", Types.STRING, Types.POJO(PortfolioTick.class)));
    }

    @Override
    public void processElement(PortfolioEvent event, Context ctx, Collector<PortfolioDaily> out) throws Exception {
        if (event.getTrade() != null) {
            trades.add(event.getTrade());
        } else if (event.getTick().isProvisional()) {
            live(event.getTick(), ctx);
        } else {
            PortfolioTick tick = event.getTick();
            ticks.put(tick.getDate().toEpochDay() + ":" + tick.getSymbol(), tick);
            if (!tick.isCarried()) {
                ctx.timerService().registerEventTimeTimer(EventTimes.endOfDay(tick.getDate()));
            }
            if (!correlationsDaily) {
                ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PortfolioDaily> out) throws Exception {
        if (timestamp == END_OF_INPUT) {
            Book b = book.value();
            if (b != null && b.getLastDay() != Long.MIN_VALUE) {
                List<PortfolioRisk.Position> held = new ArrayList<>();
                for (Map.Entry<String, Position> e : positions.entries()) {
                    Position p = e.getValue();
                    if (p.getClose() != null) {
                        held.add(p.toRisk(e.getKey(), p.getQuantity() * p.getClose()));
                    }
                }
                emitCorrelations(ctx, held, LocalDate.ofEpochDay(b.getLastDay()),
                        EventTimes.endOfDay(LocalDate.ofEpochDay(b.getLastDay())));
            }
            return;
        }
        long day = EventTimes.dateOf(timestamp).toEpochDay();
        List<PortfolioTick> today = new ArrayList<>();
        List<PortfolioTick> carried = new ArrayList<>();
        for (PortfolioTick t : ticks.values()) {
            long tickDay = t.getDate().toEpochDay();
            if (tickDay == day && !t.isCarried()) {
                today.add(t);
            } else if (tickDay <= day && t.isCarried()) {
                carried.add(t);
            }
        }
        if (today.isEmpty()) {
            return; // not a portfolio day; carried ticks wait for the next one
        }
        for (PortfolioTick t : today) {
            ticks.remove(day + ":" + t.getSymbol());
        }
        carried.sort(Comparator.comparing(PortfolioTick::getDate));
        for (PortfolioTick t : carried) {
            ticks.remove(t.getDate().toEpochDay() + ":" + t.getSymbol());
        }

        // positions are read once, changed in memory and the changed ones written back once
        Map<String, Position> held = new HashMap<>();
        for (Map.Entry<String, Position> e : positions.entries()) {
            held.put(e.getKey(), e.getValue());
        }
        Set<String> touched = new HashSet<>();
        double dividends = 0;
        for (PortfolioTick t : today) {
            Position p = held.get(t.getSymbol());
            if (p != null) {
                dividends += p.getQuantity() * t.getSplitRatio() * t.getDividend();
                p.setQuantity(p.getQuantity() * t.getSplitRatio());
            }
        }
        double tradeCash = 0;
        List<Trade> later = new ArrayList<>();
        for (Trade trade : trades.get()) {
            if (trade.getTradeDate().toEpochDay() > day) {
                later.add(trade);
                continue;
            }
            Position p = held.computeIfAbsent(trade.getSymbol(), s -> new Position());
            p.setQuantity(p.getQuantity() + trade.getQuantity());
            tradeCash += trade.getQuantity() * trade.getPrice();
            touched.add(trade.getSymbol());
        }
        trades.update(later);
        List<PortfolioTick> observed = new ArrayList<>(carried);
        observed.addAll(today);
        for (PortfolioTick t : observed) {
            Position p = held.get(t.getSymbol());
            if (p != null) {
                p.observe(t, historyLength);
                touched.add(t.getSymbol());
            }
        }

        double marketValue = 0;
        double gross = 0;
        List<PortfolioRisk.Position> priced = new ArrayList<>();
        for (Map.Entry<String, Position> e : held.entrySet()) {
            Position p = e.getValue();
            if (p.getQuantity() == 0.0) {
                positions.remove(e.getKey());
                continue;
            }
            if (touched.contains(e.getKey())) {
                positions.put(e.getKey(), p);
            }
            if (p.getClose() != null) {
                double value = p.getQuantity() * p.getClose();
                marketValue += value;
                gross += Math.abs(value);
                priced.add(p.toRisk(e.getKey(), value));
            }
        }

        Book b = book.value();
        if (b == null) {
            b = new Book();
        }
        double pnl = marketValue - b.getMarketValue() - tradeCash + dividends;
        PortfolioDaily row = new PortfolioDaily();
        row.setPortfolioId(ctx.getCurrentKey());
        row.setDate(EventTimes.dateOf(timestamp));
        row.setEventTime(timestamp);
        row.setMarketValue(marketValue);
        row.setGrossExposure(gross);
        row.setPnl(pnl);
        row.setEquity(b.getEquity() + pnl);
        row.setRet(b.getMarketValue() > 0 ? pnl / b.getMarketValue() : null);
        PortfolioRisk.Result risk = PortfolioRisk.of(priced, marketValue, metricCount, volWindow, annualization);
        row.setMetrics(risk.metrics());
        row.setTop5Weight(risk.top5Weight());
        row.setHhi(risk.hhi());
        row.setVol63(risk.vol());
        row.setSectors(risk.sectorWeights().keySet().toArray(String[]::new));
        row.setSectorWeights(risk.sectorWeights().values().stream().mapToDouble(Double::doubleValue).toArray());
        out.collect(row);

        if (correlationsDaily) {
            emitCorrelations(ctx, priced, row.getDate(), timestamp);
        }

        b.setMarketValue(marketValue);
        b.setEquity(row.getEquity());
        b.setLastDay(day);
        book.update(b);
        livePrices.clear();
        ctx.output(LIVE, live(ctx.getCurrentKey(), row.getDate(), timestamp, false, marketValue, pnl));
    }

    private void emitCorrelations(Context ctx, List<PortfolioRisk.Position> held, LocalDate date, long eventTime) {
        for (PortfolioRisk.Correlation c : PortfolioRisk.correlations(held, correlationWindow)) {
            PortfolioCorrelation pc = new PortfolioCorrelation();
            pc.setPortfolioId(ctx.getCurrentKey());
            pc.setDate(date);
            pc.setEventTime(eventTime);
            pc.setSymbolA(c.symbolA());
            pc.setSymbolB(c.symbolB());
            pc.setCorrelation(c.correlation());
            ctx.output(CORRELATIONS, pc);
        }
    }

    /**
     * A live price of a day not closed yet: the portfolio's market value at the latest prices
     * (the last close for symbols without one today) and its P&L against the previous close,
     * counting the day's trades, splits and dividends known so far. State is not changed
     * beyond remembering the latest price per symbol.
     */
    private void live(PortfolioTick tick, Context ctx) throws Exception {
        Book b = book.value();
        long day = tick.getDate().toEpochDay();
        if (b != null && b.getLastDay() >= day) {
            return; // the day is closed
        }
        PortfolioTick previous = livePrices.get(tick.getSymbol());
        if (previous != null && (previous.getDate().isAfter(tick.getDate())
                || (previous.getDate().equals(tick.getDate()) && previous.getEventTime() > tick.getEventTime()))) {
            return; // an older price
        }
        livePrices.put(tick.getSymbol(), tick);
        Map<String, Double> quantities = new HashMap<>();
        Map<String, Double> prices = new HashMap<>();
        double dividends = 0;
        for (Map.Entry<String, Position> e : positions.entries()) {
            PortfolioTick t = todays(e.getKey(), day);
            double q = e.getValue().getQuantity();
            if (t != null) {
                dividends += q * t.getSplitRatio() * t.getDividend();
                q *= t.getSplitRatio();
            }
            quantities.put(e.getKey(), q);
            if (e.getValue().getClose() != null) {
                prices.put(e.getKey(), e.getValue().getClose());
            }
        }
        double tradeCash = 0;
        for (Trade trade : trades.get()) {
            if (trade.getTradeDate().toEpochDay() <= day) {
                quantities.merge(trade.getSymbol(), trade.getQuantity(), Double::sum);
                tradeCash += trade.getQuantity() * trade.getPrice();
            }
        }
        double marketValue = 0;
        for (Map.Entry<String, Double> q : quantities.entrySet()) {
            PortfolioTick t = todays(q.getKey(), day);
            Double price = t != null ? Double.valueOf(t.getClose()) : prices.get(q.getKey());
            marketValue += price == null ? 0.0 : q.getValue() * price;
        }
        double before = b == null ? 0.0 : b.getMarketValue();
        ctx.output(LIVE, live(ctx.getCurrentKey(), tick.getDate(), tick.getEventTime(), true, marketValue,
                marketValue - before - tradeCash + dividends));
    }

    /** The latest live price of a symbol if it is of {@code day}. */
    private PortfolioTick todays(String symbol, long day) throws Exception {
        PortfolioTick t = livePrices.get(symbol);
        return t != null && t.getDate().toEpochDay() == day ? t : null;
    }

    private static PortfolioLive live(String portfolio, LocalDate date, long eventTime, boolean provisional,
                                      double marketValue, double pnl) {
        PortfolioLive row = new PortfolioLive();
        row.setPortfolioId(portfolio);
        row.setDate(date);
        row.setEventTime(eventTime);
        row.setProvisional(provisional);
        row.setMarketValue(marketValue);
        row.setPnl(pnl);
        return row;
    }

    /** Keyed state: one holding, its latest price and metrics, and its recent returns. */
    public static class Position {
        private double quantity;
        private Double close;
        private String sector;
        private Double[] metrics;
        private RowRing returns;

        public Position() {}

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

        public double getQuantity() { return quantity; }
        public void setQuantity(double quantity) { this.quantity = quantity; }
        public Double getClose() { return close; }
        public void setClose(Double close) { this.close = close; }
        public String getSector() { return sector; }
        public void setSector(String sector) { this.sector = sector; }
        public Double[] getMetrics() { return metrics; }
        public void setMetrics(Double[] metrics) { this.metrics = metrics; }
        public RowRing getReturns() { return returns; }
        public void setReturns(RowRing returns) { this.returns = returns; }
    }

    /** Keyed state: the portfolio's market value and equity at its last day. */
    public static class Book {
        private double marketValue;
        private double equity;
        private long lastDay = Long.MIN_VALUE;

        public Book() {}

        public double getMarketValue() { return marketValue; }
        public void setMarketValue(double marketValue) { this.marketValue = marketValue; }
        public double getEquity() { return equity; }
        public void setEquity(double equity) { this.equity = equity; }
        /** Epoch day of the last closed portfolio day. */
        public long getLastDay() { return lastDay; }
        public void setLastDay(long lastDay) { this.lastDay = lastDay; }
    }
}
