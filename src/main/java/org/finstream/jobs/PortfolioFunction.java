package org.finstream.jobs;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.finstream.analytics.PortfolioLedger;
import org.finstream.analytics.PortfolioLedger.Book;
import org.finstream.analytics.PortfolioLedger.Quote;
import org.finstream.analytics.PortfolioRisk;
import org.finstream.records.DeadLetter;
import org.finstream.records.ErrorCode;
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
 * <p>A portfolio day is closed with {@link PortfolioLedger#close} when the watermark passes its
 * end. The ticks of the closed days of the correction window stay in state with a snapshot of
 * the holdings before them, so a back-dated trade (one dated on or before the last closed day)
 * replays the days since the snapshot and re-emits every row from its date on; a day that is no
 * longer a portfolio day is retracted. Every {@code correctionDays} days the snapshot moves up
 * to {@code correctionDays} days before the last closed day, so state stays bounded by the
 * holdings, their return windows and about twice the correction window of ticks.
 */
public class PortfolioFunction extends KeyedProcessFunction<String, PortfolioEvent, PortfolioDaily> {
    /** Pairwise correlations of the holdings, per portfolio day. */
    public static final OutputTag<PortfolioCorrelation> CORRELATIONS =
            new OutputTag<>("portfolio-correlations", Types.POJO(PortfolioCorrelation.class));
    /** Live market value and P&L of the day: provisional on each live price, final at the close. */
    public static final OutputTag<PortfolioLive> LIVE = new OutputTag<>("portfolio-live", Types.POJO(PortfolioLive.class));
    /** Trades older than the portfolio's correction window. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("portfolio-dead-letters", Types.POJO(DeadLetter.class));

    /** Timer of the end of bounded input (the watermark reaches its maximum only then). */
    private static final long END_OF_INPUT = Long.MAX_VALUE - 1;

    private final int metricCount;
    private final int volWindow;
    private final int correlationWindow;
    private final int annualization;
    private final boolean correlationsDaily;
    private final int historyLength;
    private final long correctionDays;

    /** Ticks of days not closed yet, by {@link #key}. */
    private transient MapState<String, PortfolioTick> pending;
    /** The closed days since the snapshot: their ticks, by tick date. */
    private transient MapState<Long, DayLog> closed;
    /** Every trade not folded into the snapshot, in arrival order (those after the last closed day are pending). */
    private transient ListState<Trade> trades;
    /**
     * By symbol: the quantity at the last closed day (null when not held) and the quote of each
     * symbol held or seen in the correction window: one entry, read and written once per day.
     */
    private transient MapState<String, Holding> holdings;
    private transient ValueState<Book> book;
    private transient ValueState<Snapshot> snapshot;
    /** The snapshot's horizon, kept apart so that deciding whether to fold reads no snapshot. */
    private transient ValueState<Long> horizon;
    private transient MapState<String, PortfolioTick> livePrices;
    /** Copies the snapshot for a replay, which must not change it (heap state returns the stored object). */
    private transient TypeSerializer<Snapshot> snapshotCopier;
    private final Conflation liveEmission;

    /**
     * @param correlationsDaily emit the correlations on every portfolio day (live), or only those
     *                          of each portfolio's last day at the end of bounded input (a replay
     *                          of history would otherwise write ~210 rows per portfolio and day
     *                          only to overwrite them)
     * @param correctionDays    how far back (days before the last closed day) a trade may still
     *                          correct closed days
     * @param liveEmitMillis    provisional live rows of a portfolio at most this often (0: on every live price)
     */
    public PortfolioFunction(int metricCount, int volWindow, int correlationWindow, int annualization,
                             boolean correlationsDaily, int historyLength, long correctionDays, long liveEmitMillis) {
        this.metricCount = metricCount;
        this.volWindow = volWindow;
        this.correlationWindow = correlationWindow;
        this.annualization = annualization;
        this.correlationsDaily = correlationsDaily;
        this.historyLength = historyLength;
        this.correctionDays = correctionDays;
        this.liveEmission = new Conflation(liveEmitMillis);
    }

    @Override
    public void open(OpenContext ctx) {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("ticks", Types.STRING, Types.POJO(PortfolioTick.class)));
        closed = getRuntimeContext().getMapState(new MapStateDescriptor<>("closed-days", Types.LONG, Types.POJO(DayLog.class)));
        trades = getRuntimeContext().getListState(new ListStateDescriptor<>("trades", Types.POJO(Trade.class)));
        holdings = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("holdings", Types.STRING, Types.POJO(Holding.class)));
        book = getRuntimeContext().getState(new ValueStateDescriptor<>("book", Types.POJO(Book.class)));
        snapshot = getRuntimeContext().getState(new ValueStateDescriptor<>("snapshot", Types.POJO(Snapshot.class)));
        horizon = getRuntimeContext().getState(new ValueStateDescriptor<>("horizon", Types.LONG));
        livePrices = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("live-prices", Types.STRING, Types.POJO(PortfolioTick.class)));
        snapshotCopier = getRuntimeContext().createSerializer(Types.POJO(Snapshot.class));
        liveEmission.open(getRuntimeContext());
    }

    @Override
    public void processElement(PortfolioEvent event, Context ctx, Collector<PortfolioDaily> out) throws Exception {
        if (event.getTrade() != null) {
            trade(event.getTrade(), ctx, out);
        } else if (event.getTick().isProvisional()) {
            live(event.getTick(), ctx);
        } else {
            PortfolioTick tick = event.getTick();
            if (tick.isCorrection() && tick.getDate().toEpochDay() <= lastDay()) {
                // a closed day's tick for a back-dated trade, which follows it
                addToLog(List.of(tick), Long.MIN_VALUE);
                return;
            }
            pending.put(key(tick), tick);
            if (!tick.isCarried()) {
                ctx.timerService().registerEventTimeTimer(EventTimes.endOfDay(tick.getDate()));
            }
            if (!correlationsDaily) {
                ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
            }
        }
    }

    private void trade(Trade trade, Context ctx, Collector<PortfolioDaily> out) throws Exception {
        long date = trade.getTradeDate().toEpochDay();
        if (date > lastDay()) {
            trades.add(trade);
            return;
        }
        Snapshot s = snapshot.value();
        if (s != null && date <= s.getBook().getLastDay()) {
            ctx.output(DEAD_LETTERS, new DeadLetter(trade.getOrigin(), ErrorCode.LATE, "trade of " + trade.getTradeDate()
                    + " for portfolio " + trade.getPortfolioId() + " is older than the correction window: days up to "
                    + LocalDate.ofEpochDay(s.getBook().getLastDay()) + " are final", System.currentTimeMillis(),
                    "portfolios"));
            return;
        }
        trades.add(trade);
        replay(date, ctx, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PortfolioDaily> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            liveEmission.fired();
            PortfolioTick newest = null;
            for (PortfolioTick t : livePrices.values()) {
                if (newest == null || t.getDate().isAfter(newest.getDate())
                        || (t.getDate().equals(newest.getDate()) && t.getEventTime() > newest.getEventTime())) {
                    newest = t;
                }
            }
            long last = lastDay();
            if (newest != null && last < newest.getDate().toEpochDay()) {
                emitLive(newest.getDate(), newest.getEventTime(), last, ctx);
            }
            return;
        }
        if (timestamp == END_OF_INPUT) {
            Book b = book.value();
            if (b != null && b.getLastDay() != Long.MIN_VALUE) {
                emitCorrelations(ctx, held(), b.getLastDay());
            }
            return;
        }
        long day = EventTimes.dateOf(timestamp).toEpochDay();
        List<PortfolioTick> today = new ArrayList<>();
        List<PortfolioTick> carried = new ArrayList<>();
        for (PortfolioTick t : pending.values()) {
            long tickDay = t.getDate().toEpochDay();
            if (tickDay == day && !t.isCarried()) {
                today.add(t);
            } else if (tickDay <= day && t.isCarried()) {
                carried.add(t);
            }
        }
        if (today.isEmpty()) {
            return;
        }
        for (PortfolioTick t : today) {
            pending.remove(key(t));
        }
        carried.sort(Comparator.comparing(PortfolioTick::getDate));

        // holdings are read once, changed in memory and the changed ones written back once
        Map<String, Double> held = new HashMap<>();
        Map<String, Quote> known = new HashMap<>();
        load(held, known);
        Book b = book.value() == null ? new Book() : book.value();
        long previousDay = b.getLastDay();
        List<Trade> open = new ArrayList<>();
        for (Trade t : trades.get()) {
            if (t.getTradeDate().toEpochDay() > previousDay) {
                open.add(t);
            }
        }
        Set<String> changed = new HashSet<>();
        PortfolioLedger.Day closedDay = PortfolioLedger.close(held, known, b, day, today, carried, open, historyLength,
                changed);
        if (closedDay == null) {
            return; // not a portfolio day: carried ticks wait for the next one
        }
        for (PortfolioTick t : carried) {
            pending.remove(key(t));
        }
        for (String symbol : changed) {
            store(symbol, held.get(symbol), known.get(symbol));
        }
        book.update(b);
        List<PortfolioTick> consumed = new ArrayList<>(carried);
        consumed.addAll(today);
        addToLog(consumed, day);
        List<PortfolioRisk.Position> priced = emit(ctx, out, closedDay, held, known);
        if (correlationsDaily) {
            emitCorrelations(ctx, priced, day);
        }
        livePrices.clear();
        fold(day);
    }

    /**
     * A back-dated trade: replays every closed day since the snapshot with the trades and ticks
     * now known, emits the rows of the portfolio days from {@code from} on and retracts the days
     * that are no longer portfolio days.
     */
    private void replay(long from, Context ctx, Collector<PortfolioDaily> out) throws Exception {
        Snapshot s = snapshot.value() == null ? new Snapshot() : snapshotCopier.copy(snapshot.value());
        Map<String, Double> held = new HashMap<>();
        Map<String, Quote> known = new HashMap<>();
        s.splitInto(held, known);
        Book b = s.getBook();
        TreeMap<Long, DayLog> days = new TreeMap<>();
        for (Map.Entry<Long, DayLog> e : closed.entries()) {
            days.put(e.getKey(), e.getValue());
        }
        List<Trade> open = new ArrayList<>();
        trades.get().forEach(open::add);
        List<PortfolioTick> carried = closeLogged(days, held, known, b, open, (day, log, closedDay) -> {
            if (closedDay != null && day >= from) {
                emit(ctx, out, closedDay, held, known);
            } else if (closedDay == null && log.isPortfolioDay()) {
                retract(ctx, out, day);
            }
            if (log.isPortfolioDay() != (closedDay != null)) {
                log.setPortfolioDay(closedDay != null);
                closed.put(day, log);
            }
        });
        // carried ticks after the new last day wait again for the next portfolio day
        for (PortfolioTick t : carried) {
            DayLog log = days.get(t.getDate().toEpochDay());
            log.setTicks(Arrays.stream(log.getTicks()).filter(x -> !x.getSymbol().equals(t.getSymbol()))
                    .toArray(PortfolioTick[]::new));
            if (log.getTicks().length == 0 && !log.isPortfolioDay()) {
                closed.remove(t.getDate().toEpochDay());
            } else {
                closed.put(t.getDate().toEpochDay(), log);
            }
            pending.put(key(t), t);
        }
        holdings.clear();
        holdings.putAll(Holding.join(held, known));
        book.update(b);
        if (correlationsDaily) {
            emitCorrelations(ctx, PortfolioLedger.priced(held, known),
                    b.getLastDay() != Long.MIN_VALUE ? b.getLastDay() : from);
        }
    }

    /**
     * Every {@code correctionDays} days, moves the snapshot up to {@code correctionDays} days
     * before {@code day}: the logged days before that are replayed into it and dropped, with the
     * trades they applied.
     */
    private void fold(long day) throws Exception {
        long cutoff = day - correctionDays - 1;
        Long previous = horizon.value();
        if (previous != null && previous >= cutoff - correctionDays) {
            return;
        }
        horizon.update(cutoff);
        Snapshot s = snapshot.value() == null ? new Snapshot() : snapshot.value();
        Map<String, Double> held = new HashMap<>();
        Map<String, Quote> known = new HashMap<>();
        s.splitInto(held, known);
        TreeMap<Long, DayLog> days = new TreeMap<>();
        Set<String> logged = new HashSet<>(); // symbols with ticks in the days after the horizon
        for (Map.Entry<Long, DayLog> e : closed.entries()) {
            if (e.getKey() < cutoff) {
                days.put(e.getKey(), e.getValue());
            } else {
                Arrays.stream(e.getValue().getTicks()).forEach(t -> logged.add(t.getSymbol()));
            }
        }
        List<Trade> open = new ArrayList<>();
        trades.get().forEach(open::add);
        List<PortfolioTick> carried = closeLogged(days, held, known, s.getBook(), open,
                (folded, log, closedDay) -> closed.remove(folded));
        // carried ticks consumed only after the horizon stay logged
        addToLog(carried, Long.MIN_VALUE);
        carried.forEach(t -> logged.add(t.getSymbol()));
        trades.update(open);
        // quotes are kept for the symbols held, or with ticks still to replay
        known.keySet().removeIf(symbol -> !held.containsKey(symbol) && !logged.contains(symbol));
        s.hold(held, known);
        snapshot.update(s);
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, Holding> e : holdings.entries()) {
            if (e.getValue().getQuantity() == null && !logged.contains(e.getKey())) {
                stale.add(e.getKey());
            }
        }
        for (String symbol : stale) {
            holdings.remove(symbol);
        }
    }

    /** What a replay does after each logged day ({@code closedDay} null: not a portfolio day). */
    private interface LoggedDay {
        void closed(long day, DayLog log, PortfolioLedger.Day closedDay) throws Exception;
    }

    /**
     * Closes the logged {@code days} in date order from the given state, exactly as they were
     * closed live; returns the carried ticks no portfolio day consumed.
     */
    private List<PortfolioTick> closeLogged(TreeMap<Long, DayLog> days, Map<String, Double> held,
                                            Map<String, Quote> known, Book b, List<Trade> open, LoggedDay step)
            throws Exception {
        List<PortfolioTick> carried = new ArrayList<>();
        for (Map.Entry<Long, DayLog> e : days.entrySet()) {
            List<PortfolioTick> today = new ArrayList<>();
            for (PortfolioTick t : e.getValue().getTicks()) {
                (t.isCarried() ? carried : today).add(t);
            }
            PortfolioLedger.Day closedDay = PortfolioLedger.close(held, known, b, e.getKey(), today, carried, open,
                    historyLength, new HashSet<>());
            if (closedDay != null) {
                carried.clear();
            }
            step.closed(e.getKey(), e.getValue(), closedDay);
        }
        return carried;
    }

    /** Adds ticks to the log of their dates; {@code portfolioDay} (if any) is marked as one. */
    private void addToLog(List<PortfolioTick> ticks, long portfolioDay) throws Exception {
        Map<Long, List<PortfolioTick>> byDate = new TreeMap<>();
        for (PortfolioTick t : ticks) {
            byDate.computeIfAbsent(t.getDate().toEpochDay(), d -> new ArrayList<>()).add(t);
        }
        if (portfolioDay != Long.MIN_VALUE) {
            byDate.computeIfAbsent(portfolioDay, d -> new ArrayList<>());
        }
        for (Map.Entry<Long, List<PortfolioTick>> e : byDate.entrySet()) {
            DayLog log = closed.get(e.getKey());
            Map<String, PortfolioTick> bySymbol = new TreeMap<>();
            if (log == null) {
                log = new DayLog();
            } else {
                for (PortfolioTick t : log.getTicks()) {
                    bySymbol.put(t.getSymbol(), t);
                }
            }
            for (PortfolioTick t : e.getValue()) {
                bySymbol.put(t.getSymbol(), t);
            }
            log.setTicks(bySymbol.values().toArray(PortfolioTick[]::new));
            log.setPortfolioDay(log.isPortfolioDay() || e.getKey() == portfolioDay);
            closed.put(e.getKey(), log);
        }
    }

    private long lastDay() throws Exception {
        Book b = book.value();
        return b == null ? Long.MIN_VALUE : b.getLastDay();
    }

    /** The current positions with a close, valued. */
    private List<PortfolioRisk.Position> held() throws Exception {
        Map<String, Double> held = new HashMap<>();
        Map<String, Quote> known = new HashMap<>();
        load(held, known);
        return PortfolioLedger.priced(held, known);
    }

    /** Reads the holdings into quantities and quotes. */
    private void load(Map<String, Double> held, Map<String, Quote> known) throws Exception {
        for (Map.Entry<String, Holding> e : holdings.entries()) {
            e.getValue().splitInto(e.getKey(), held, known);
        }
    }

    private void store(String symbol, Double quantity, Quote quote) throws Exception {
        if (quantity == null && quote == null) {
            holdings.remove(symbol);
        } else {
            Holding h = new Holding();
            h.setQuantity(quantity);
            h.setQuote(quote);
            holdings.put(symbol, h);
        }
    }

    /** Emits the day's row and final live row; returns its priced positions. */
    private List<PortfolioRisk.Position> emit(Context ctx, Collector<PortfolioDaily> out, PortfolioLedger.Day day,
                                              Map<String, Double> held, Map<String, Quote> known) throws Exception {
        List<PortfolioRisk.Position> priced = PortfolioLedger.priced(held, known);
        LocalDate date = LocalDate.ofEpochDay(day.day());
        long eventTime = EventTimes.endOfDay(date);
        PortfolioDaily row = new PortfolioDaily();
        row.setPortfolioId(ctx.getCurrentKey());
        row.setDate(date);
        row.setEventTime(eventTime);
        row.setMarketValue(day.marketValue());
        row.setGrossExposure(day.grossExposure());
        row.setPnl(day.pnl());
        row.setEquity(day.equity());
        row.setRet(day.ret());
        PortfolioRisk.Result risk = PortfolioRisk.of(priced, day.marketValue(), metricCount, volWindow, annualization);
        row.setMetrics(risk.metrics());
        row.setTop5Weight(risk.top5Weight());
        row.setHhi(risk.hhi());
        row.setVol63(risk.vol());
        row.setSectors(risk.sectorWeights().keySet().toArray(String[]::new));
        row.setSectorWeights(risk.sectorWeights().values().stream().mapToDouble(Double::doubleValue).toArray());
        out.collect(row);
        ctx.output(LIVE, live(ctx.getCurrentKey(), date, eventTime, false, day.marketValue(), day.pnl()));
        return priced;
    }

    /** Removes the row and live row of a day that is no longer a portfolio day. */
    private void retract(Context ctx, Collector<PortfolioDaily> out, long day) {
        LocalDate date = LocalDate.ofEpochDay(day);
        long eventTime = EventTimes.endOfDay(date);
        PortfolioDaily row = new PortfolioDaily();
        row.setPortfolioId(ctx.getCurrentKey());
        row.setDate(date);
        row.setEventTime(eventTime);
        row.setRetracted(true);
        out.collect(row);
        PortfolioLive live = live(ctx.getCurrentKey(), date, eventTime, false, 0, 0);
        live.setRetracted(true);
        ctx.output(LIVE, live);
    }

    /** The portfolio's pairs as of {@code day}, replacing all those written before. */
    private void emitCorrelations(Context ctx, List<PortfolioRisk.Position> held, long day) {
        LocalDate date = LocalDate.ofEpochDay(day);
        PortfolioCorrelation clear = new PortfolioCorrelation();
        clear.setPortfolioId(ctx.getCurrentKey());
        clear.setDate(date);
        clear.setEventTime(EventTimes.endOfDay(date));
        clear.setRetracted(true);
        ctx.output(CORRELATIONS, clear);
        for (PortfolioRisk.Correlation c : PortfolioRisk.correlations(held, correlationWindow)) {
            PortfolioCorrelation pc = new PortfolioCorrelation();
            pc.setPortfolioId(ctx.getCurrentKey());
            pc.setDate(date);
            pc.setEventTime(EventTimes.endOfDay(date));
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
     * beyond remembering the latest price per symbol. The row is emitted at once or at most
     * once per {@code live.emit-interval} (see {@link Conflation}).
     */
    private void live(PortfolioTick tick, Context ctx) throws Exception {
        long last = lastDay();
        if (last >= tick.getDate().toEpochDay()) {
            return; // the day is closed
        }
        PortfolioTick previous = livePrices.get(tick.getSymbol());
        if (previous != null && (previous.getDate().isAfter(tick.getDate())
                || (previous.getDate().equals(tick.getDate()) && previous.getEventTime() > tick.getEventTime()))) {
            return; // an older price
        }
        livePrices.put(tick.getSymbol(), tick);
        if (liveEmission.emitNow(ctx.timerService())) {
            emitLive(tick.getDate(), tick.getEventTime(), last, ctx);
        }
    }

    /**
     * The live row of {@code date}, a day after the last closed day {@code last}, at the latest
     * prices, stamped with the newest price's event time.
     */
    private void emitLive(LocalDate date, long eventTime, long last, Context ctx) throws Exception {
        long day = date.toEpochDay();
        Map<String, Double> quantities = new HashMap<>();
        Map<String, Double> prices = new HashMap<>();
        double dividends = 0;
        for (Map.Entry<String, Holding> e : holdings.entries()) {
            Quote quote = e.getValue().getQuote();
            if (quote != null && quote.getClose() != null) {
                prices.put(e.getKey(), quote.getClose());
            }
            if (e.getValue().getQuantity() == null) {
                continue;
            }
            PortfolioTick t = todays(e.getKey(), day);
            double q = e.getValue().getQuantity();
            if (t != null) {
                dividends += q * t.getSplitRatio() * t.getDividend();
                q *= t.getSplitRatio();
            }
            quantities.put(e.getKey(), q);
        }
        double tradeCash = 0;
        for (Trade trade : trades.get()) {
            long tradeDay = trade.getTradeDate().toEpochDay();
            if (tradeDay > last && tradeDay <= day) {
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
        Book b = book.value();
        double before = b == null ? 0.0 : b.getMarketValue();
        ctx.output(LIVE, live(ctx.getCurrentKey(), date, eventTime, true, marketValue,
                marketValue - before - tradeCash + dividends));
    }

    /** The latest live price of a symbol if it is of {@code day}. */
    private PortfolioTick todays(String symbol, long day) throws Exception {
        PortfolioTick t = livePrices.get(symbol);
        return t != null && t.getDate().toEpochDay() == day ? t : null;
    }

    private static String key(PortfolioTick t) {
        return t.getDate().toEpochDay() + ":" + t.getSymbol();
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

    /** Keyed state: a symbol's quantity (null when not held) and quote (null before its first tick). */
    public static class Holding {
        private Double quantity;
        private Quote quote;

        public Holding() {}

        /** One holding per symbol that is held or has a quote, from quantities and quotes. */
        static Map<String, Holding> join(Map<String, Double> held, Map<String, Quote> known) {
            Map<String, Holding> joined = new HashMap<>();
            held.forEach((symbol, q) -> joined.computeIfAbsent(symbol, x -> new Holding()).setQuantity(q));
            known.forEach((symbol, quote) -> joined.computeIfAbsent(symbol, x -> new Holding()).setQuote(quote));
            return joined;
        }

        /** Adds this holding of {@code symbol} to quantities and quotes. */
        void splitInto(String symbol, Map<String, Double> held, Map<String, Quote> known) {
            if (quantity != null) {
                held.put(symbol, quantity);
            }
            if (quote != null) {
                known.put(symbol, quote);
            }
        }

        public Double getQuantity() { return quantity; }
        public void setQuantity(Double quantity) { this.quantity = quantity; }
        public Quote getQuote() { return quote; }
        public void setQuote(Quote quote) { this.quote = quote; }
    }

    /** Keyed state: the ticks of one closed day, and whether it was a portfolio day. */
    public static class DayLog {
        private boolean portfolioDay;
        private PortfolioTick[] ticks = new PortfolioTick[0];

        public DayLog() {}

        public boolean isPortfolioDay() { return portfolioDay; }
        public void setPortfolioDay(boolean portfolioDay) { this.portfolioDay = portfolioDay; }
        public PortfolioTick[] getTicks() { return ticks; }
        public void setTicks(PortfolioTick[] ticks) { this.ticks = ticks; }
    }

    /**
     * Keyed state: the quantities, quotes and book at the end of the last portfolio day before
     * the horizon.
     */
    public static class Snapshot {
        private Book book = new Book();
        private String[] symbols = new String[0];
        private Holding[] holdings = new Holding[0];

        public Snapshot() {}

        /** Adds the snapshot's quantities and quotes to the given maps. */
        void splitInto(Map<String, Double> held, Map<String, Quote> known) {
            for (int i = 0; i < symbols.length; i++) {
                holdings[i].splitInto(symbols[i], held, known);
            }
        }

        void hold(Map<String, Double> held, Map<String, Quote> known) {
            Map<String, Holding> joined = Holding.join(held, known);
            symbols = joined.keySet().toArray(String[]::new);
            holdings = Arrays.stream(symbols).map(joined::get).toArray(Holding[]::new);
        }

        public Book getBook() { return book; }
        public void setBook(Book book) { this.book = book; }
        public String[] getSymbols() { return symbols; }
        public void setSymbols(String[] symbols) { this.symbols = symbols; }
        public Holding[] getHoldings() { return holdings; }
        public void setHoldings(Holding[] holdings) { this.holdings = holdings; }
    }
}
