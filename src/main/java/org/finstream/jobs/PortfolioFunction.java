package org.finstream.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private final int metricCount;
    private final int volWindow;
    private final int correlationWindow;
    private final int annualization;

    private transient MapState<String, PortfolioTick> ticks;
    private transient ListState<Trade> trades;
    private transient MapState<String, Position> positions;
    private transient ValueState<Book> book;

    public PortfolioFunction(int metricCount, int volWindow, int correlationWindow, int annualization) {
        this.metricCount = metricCount;
        this.volWindow = volWindow;
        this.correlationWindow = correlationWindow;
        this.annualization = annualization;
    }

    @Override
    public void open(OpenContext ctx) {
        ticks = getRuntimeContext().getMapState(new MapStateDescriptor<>("ticks", Types.STRING, Types.POJO(PortfolioTick.class)));
        trades = getRuntimeContext().getListState(new ListStateDescriptor<>("trades", Types.POJO(Trade.class)));
        positions = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("positions", Types.STRING, Types.POJO(Position.class)));
        book = getRuntimeContext().getState(new ValueStateDescriptor<>("book", Types.POJO(Book.class)));
    }

    @Override
    public void processElement(PortfolioEvent event, Context ctx, Collector<PortfolioDaily> out) throws Exception {
        if (event.getTrade() != null) {
            trades.add(event.getTrade());
        } else {
            PortfolioTick tick = event.getTick();
            ticks.put(tick.getDate().toEpochDay() + ":" + tick.getSymbol(), tick);
            ctx.timerService().registerEventTimeTimer(EventTimes.endOfDay(tick.getDate()));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PortfolioDaily> out) throws Exception {
        long day = EventTimes.dateOf(timestamp).toEpochDay();
        String prefix = day + ":";
        List<PortfolioTick> today = new ArrayList<>();
        for (Map.Entry<String, PortfolioTick> e : ticks.entries()) {
            if (e.getKey().startsWith(prefix)) {
                today.add(e.getValue());
            }
        }
        if (today.isEmpty()) {
            return;
        }
        for (PortfolioTick t : today) {
            ticks.remove(prefix + t.getSymbol());
        }

        double dividends = 0;
        for (PortfolioTick t : today) {
            Position p = positions.get(t.getSymbol());
            if (p != null) {
                dividends += p.getQuantity() * t.getSplitRatio() * t.getDividend();
                p.setQuantity(p.getQuantity() * t.getSplitRatio());
                positions.put(t.getSymbol(), p);
            }
        }
        double tradeCash = 0;
        List<Trade> later = new ArrayList<>();
        for (Trade trade : trades.get()) {
            if (trade.getTradeDate().toEpochDay() > day) {
                later.add(trade);
                continue;
            }
            Position p = positions.get(trade.getSymbol());
            if (p == null) {
                p = new Position();
            }
            p.setQuantity(p.getQuantity() + trade.getQuantity());
            tradeCash += trade.getQuantity() * trade.getPrice();
            positions.put(trade.getSymbol(), p);
        }
        trades.update(later);
        for (PortfolioTick t : today) {
            Position p = positions.get(t.getSymbol());
            if (p != null) {
                p.observe(t, correlationWindow);
                positions.put(t.getSymbol(), p);
            }
        }

        double marketValue = 0;
        double gross = 0;
        List<PortfolioRisk.Position> priced = new ArrayList<>();
        List<String> closed = new ArrayList<>();
        for (Map.Entry<String, Position> e : positions.entries()) {
            Position p = e.getValue();
            if (p.getQuantity() == 0.0) {
                closed.add(e.getKey());
            } else if (p.getClose() != null) {
                double value = p.getQuantity() * p.getClose();
                marketValue += value;
                gross += Math.abs(value);
                priced.add(p.toRisk(e.getKey(), value));
            }
        }
        for (String symbol : closed) {
            positions.remove(symbol);
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

        for (PortfolioRisk.Correlation c : PortfolioRisk.correlations(priced, correlationWindow)) {
            PortfolioCorrelation pc = new PortfolioCorrelation();
            pc.setPortfolioId(ctx.getCurrentKey());
            pc.setDate(row.getDate());
            pc.setEventTime(timestamp);
            pc.setSymbolA(c.symbolA());
            pc.setSymbolB(c.symbolB());
            pc.setCorrelation(c.correlation());
            ctx.output(CORRELATIONS, pc);
        }

        b.setMarketValue(marketValue);
        b.setEquity(row.getEquity());
        book.update(b);
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

        public Book() {}

        public double getMarketValue() { return marketValue; }
        public void setMarketValue(double marketValue) { this.marketValue = marketValue; }
        public double getEquity() { return equity; }
        public void setEquity(double equity) { this.equity = equity; }
    }
}
