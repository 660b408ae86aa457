package org.finstream.jobs;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.finstream.analytics.Fundamentals;
import org.finstream.analytics.Valuation;
import org.finstream.records.ActionType;
import org.finstream.records.CorporateAction;
import org.finstream.records.EventTimes;
import org.finstream.records.Fact;
import org.finstream.records.Filing;
import org.finstream.records.FundamentalsRow;
import org.finstream.records.MarketEvent;
import org.finstream.records.PriceBar;
import org.finstream.records.ValuationRow;

/**
 * Fundamentals and valuation of one symbol (METRICS.md sections 4 and 5), keyed by symbol, from
 * its filings, daily and intraday bars and dividends.
 *
 * <p>Everything of a day happens when the watermark passes the end of that day, in this order:
 * the day's daily bar becomes the last close; the filings filed that day join the known
 * filings, every fundamentals row is recomputed from them and each row that changed (new
 * quarters, and every TTM, growth or signal a restatement touched) is emitted; then the day's
 * valuation row is emitted (side output {@link #VALUATION}) from the close and the latest row.
 * So a valuation on day d sees exactly the filings with {@code filed <= d} and the dividends
 * with ex-date in (d - 365, d]. A live intraday price of a day not yet closed emits a
 * provisional valuation row (at once, or at most once per {@code live.emit-interval}, see
 * {@link Conflation}); the final one replaces it.
 *
 * <p>State stays bounded: filings whose period ended more than the retention before the latest
 * period end are dropped, and rows are re-emitted only while every filing they depend on (two
 * years of history) is still retained; dividends leave after 365 days.
 */
public class FundamentalsFunction extends KeyedProcessFunction<String, MarketEvent, FundamentalsRow> {
    /** Valuation rows. */
    public static final OutputTag<ValuationRow> VALUATION = new OutputTag<>("valuation", Types.POJO(ValuationRow.class));

    private static final int DIVIDEND_DAYS = 365;
    /** History a row depends on: its TTM quarters and the prior row's (about two years). */
    private static final int ROW_HISTORY_DAYS = 2 * 366 + 100;

    private final long retentionDays;
    private final Conflation liveEmission;

    private transient MapState<Long, PriceBar> bars;
    private transient MapState<String, Filing> pendingFilings;
    private transient MapState<String, Filing> filings;
    private transient MapState<Long, Double> closesOnFilingDays;
    private transient MapState<Long, FundamentalsRow> emitted;
    private transient ValueState<FundamentalsRow> latest;
    private transient MapState<Long, Double> dividends;
    private transient ValueState<PriceBar> lastClose;
    private transient ValueState<PriceBar> live;

    /**
     * @param retentionDays  how long before the latest period end filings are kept
     * @param liveEmitMillis provisional valuation rows of a symbol at most this often (0: on every intraday bar)
     */
    public FundamentalsFunction(long retentionDays, long liveEmitMillis) {
        if (retentionDays < ROW_HISTORY_DAYS) {
            throw new IllegalArgumentException("fundamentals retention must be at least " + ROW_HISTORY_DAYS
                    + " days (two years of quarters behind each row): " + retentionDays);
        }
        this.retentionDays = retentionDays;
        this.liveEmission = new Conflation(liveEmitMillis);
    }

    @Override
    public void open(OpenContext ctx) {
        bars = getRuntimeContext().getMapState(new MapStateDescriptor<>("bars", Types.LONG, Types.POJO(PriceBar.class)));
        pendingFilings = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("pending-filings", Types.STRING, Types.POJO(Filing.class)));
        filings = getRuntimeContext().getMapState(new MapStateDescriptor<>("filings", Types.STRING, Types.POJO(Filing.class)));
        closesOnFilingDays = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("closes-on-filing-days", Types.LONG, Types.DOUBLE));
        emitted = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("emitted", Types.LONG, Types.POJO(FundamentalsRow.class)));
        latest = getRuntimeContext().getState(new ValueStateDescriptor<>("latest", Types.POJO(FundamentalsRow.class)));
        dividends = getRuntimeContext().getMapState(new MapStateDescriptor<>("dividends", Types.LONG, Types.DOUBLE));
        lastClose = getRuntimeContext().getState(new ValueStateDescriptor<>("last-close", Types.POJO(PriceBar.class)));
        live = getRuntimeContext().getState(new ValueStateDescriptor<>("live", Types.POJO(PriceBar.class)));
        liveEmission.open(getRuntimeContext());
    }

    @Override
    public void processElement(MarketEvent event, Context ctx, Collector<FundamentalsRow> out) throws Exception {
        if (event.getFiling() != null) {
            Filing f = event.getFiling();
            pendingFilings.put(f.getAccession(), f);
            ctx.timerService().registerEventTimeTimer(EventTimes.endOfDay(f.getFiled()));
        } else if (event.getAction() != null) {
            CorporateAction a = event.getAction();
            if (a.getType() == ActionType.DIVIDEND) {
                long day = a.getExDate().toEpochDay();
                Double sum = dividends.get(day);
                dividends.put(day, sum == null ? a.getValue() : exactSum(sum, a.getValue()));
            }
        } else if (event.getBar().isIntraday()) {
            provisional(event.getBar(), ctx);
        } else {
            PriceBar bar = event.getBar();
            bars.put(bar.getDate().toEpochDay(), bar);
            ctx.timerService().registerEventTimeTimer(bar.eventTime());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FundamentalsRow> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            liveEmission.fired();
            PriceBar bar = live.value();
            if (bar != null && open(bar.getDate())) {
                emitProvisional(bar, ctx);
            }
            return;
        }
        LocalDate date = EventTimes.dateOf(timestamp);
        long day = date.toEpochDay();
        PriceBar bar = bars.get(day);
        if (bar != null) {
            bars.remove(day);
            lastClose.update(bar);
            PriceBar current = live.value();
            if (current != null && !current.getDate().isAfter(date)) {
                live.clear();
            }
        }
        List<Filing> due = new ArrayList<>();
        for (Filing f : pendingFilings.values()) {
            if (!f.getFiled().isAfter(date)) {
                due.add(f);
            }
        }
        if (!due.isEmpty()) {
            fileAll(due, ctx.getCurrentKey(), timestamp, out);
        }
        if (bar != null) {
            ctx.output(VALUATION, valuation(bar, timestamp, false, latest.value()));
        }
    }

    /** Moves filings from pending to known, recomputes the rows and emits those that changed. */
    private void fileAll(List<Filing> due, String symbol, long timestamp, Collector<FundamentalsRow> out)
            throws Exception {
        PriceBar close = lastClose.value();
        for (Filing f : due) {
            pendingFilings.remove(f.getAccession());
            filings.put(f.getAccession(), f);
            if (close != null) {
                closesOnFilingDays.put(f.getFiled().toEpochDay(), close.getClose());
            }
        }
        List<Filing> retained = stored(); // read out of state once, for the rows and the pruning
        SortedMap<LocalDate, Fundamentals.Row> rows = Fundamentals.rows(convert(retained), this::closeOnOrBefore);
        if (rows.isEmpty()) {
            return;
        }
        LocalDate latestEnd = rows.lastKey();
        LocalDate cutoff = latestEnd.minusDays(retentionDays);
        LocalDate frozenBefore = cutoff.plusDays(ROW_HISTORY_DAYS);
        for (Fundamentals.Row r : rows.values()) {
            long end = r.periodEnd().toEpochDay();
            FundamentalsRow row = toRow(symbol, r, timestamp);
            FundamentalsRow before = emitted.get(end);
            if (!r.periodEnd().isBefore(frozenBefore) && (before == null || !sameValues(before, row))) {
                emitted.put(end, row);
                out.collect(row);
            }
        }
        latest.update(emitted.get(latestEnd.toEpochDay()));
        prune(cutoff, retained);
    }

    /** Drops filings (of {@code known}, all of them) and their rows and closes whose period ended before the cutoff. */
    private void prune(LocalDate cutoff, List<Filing> known) throws Exception {
        Set<Long> filingDays = new HashSet<>();
        for (Filing f : known) {
            LocalDate end = periodEnd(f);
            if (end != null && end.isBefore(cutoff)) {
                filings.remove(f.getAccession());
            } else {
                filingDays.add(f.getFiled().toEpochDay());
            }
        }
        // a close stays while a retained filing was filed that day
        List<Long> unused = new ArrayList<>();
        for (Long d : closesOnFilingDays.keys()) {
            if (!filingDays.contains(d)) {
                unused.add(d);
            }
        }
        for (Long d : unused) {
            closesOnFilingDays.remove(d);
        }
        List<Long> oldRows = new ArrayList<>();
        for (Long end : emitted.keys()) {
            if (end < cutoff.toEpochDay()) {
                oldRows.add(end);
            }
        }
        for (Long end : oldRows) {
            emitted.remove(end);
        }
    }

    private static LocalDate periodEnd(Filing f) {
        LocalDate end = null;
        for (Fact fact : f.getFacts()) {
            end = end == null || fact.getEnd().isAfter(end) ? fact.getEnd() : end;
        }
        return end;
    }

    /** The known filings plus {@code extra}, as the calculator's input. */
    private List<Fundamentals.Filing> known(List<Filing> extra) throws Exception {
        List<Filing> all = stored();
        all.addAll(extra);
        return convert(all);
    }

    /** The known filings, read out of state. */
    private List<Filing> stored() throws Exception {
        List<Filing> all = new ArrayList<>();
        for (Filing f : filings.values()) {
            all.add(f);
        }
        return all;
    }

    /** {@code filings} as the calculator's input. */
    private static List<Fundamentals.Filing> convert(List<Filing> filings) {
        List<Fundamentals.Filing> all = new ArrayList<>(filings.size());
        for (Filing f : filings) {
            all.add(convert(f));
        }
        return all;
    }

    private static Fundamentals.Filing convert(Filing f) {
        List<Fundamentals.Fact> facts = new ArrayList<>(f.getFacts().length);
        for (Fact fact : f.getFacts()) {
            facts.add(new Fundamentals.Fact(fact.getConcept(), fact.getStart(), fact.getEnd(), fact.getValue()));
        }
        return new Fundamentals.Filing(f.getForm(), f.getAccession(), f.getFiled(), f.getFiscalYear(),
                f.getFiscalPeriod(), facts);
    }

    private Double closeOnOrBefore(LocalDate date) {
        try {
            Double best = null;
            long bestDay = Long.MIN_VALUE;
            for (Map.Entry<Long, Double> e : closesOnFilingDays.entries()) {
                if (e.getKey() <= date.toEpochDay() && e.getKey() > bestDay) {
                    best = e.getValue();
                    bestDay = e.getKey();
                }
            }
            return best;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the closes of filing days", e);
        }
    }

    /** A provisional valuation row from a live price of a day not closed yet. */
    private void provisional(PriceBar bar, Context ctx) throws Exception {
        if (!open(bar.getDate())) {
            return;
        }
        PriceBar current = live.value();
        if (current != null && (current.getDate().isAfter(bar.getDate())
                || (current.getDate().equals(bar.getDate()) && !bar.getTs().isAfter(current.getTs())))) {
            return; // not the latest price
        }
        live.update(bar);
        if (liveEmission.emitNow(ctx.timerService())) {
            emitProvisional(bar, ctx);
        }
    }

    /** Whether {@code date} is still open: not closed, and neither its daily bar nor a later one is known. */
    private boolean open(LocalDate date) throws Exception {
        PriceBar closed = lastClose.value();
        if (closed != null && !closed.getDate().isBefore(date)) {
            return false;
        }
        for (Long day : bars.keys()) {
            if (day >= date.toEpochDay()) {
                return false; // the day's daily bar is known: its final row is coming
            }
        }
        return true;
    }

    /** The provisional valuation row at the latest live price {@code bar}, of a day still open. */
    private void emitProvisional(PriceBar bar, Context ctx) throws Exception {
        List<Filing> visibleToday = new ArrayList<>();
        for (Filing f : pendingFilings.values()) {
            if (!f.getFiled().isAfter(bar.getDate())) {
                visibleToday.add(f);
            }
        }
        FundamentalsRow basis = latest.value();
        if (!visibleToday.isEmpty()) {
            SortedMap<LocalDate, Fundamentals.Row> rows = Fundamentals.rows(known(visibleToday), d -> null);
            basis = rows.isEmpty() ? null : toRow(ctx.getCurrentKey(), rows.get(rows.lastKey()), 0);
        }
        ctx.output(VALUATION, valuation(bar, bar.getTs().toEpochMilli(), true, basis));
    }

    private ValuationRow valuation(PriceBar bar, long eventTime, boolean provisional, FundamentalsRow basis)
            throws Exception {
        long day = bar.getDate().toEpochDay();
        double paid = 0;
        List<Long> expired = new ArrayList<>();
        for (Map.Entry<Long, Double> e : dividends.entries()) {
            if (e.getKey() <= day - DIVIDEND_DAYS) {
                expired.add(e.getKey());
            } else if (e.getKey() <= day) {
                paid = exactSum(paid, e.getValue());
            }
        }
        if (!provisional) {
            for (Long d : expired) {
                dividends.remove(d);
            }
        }
        ValuationRow row = new ValuationRow();
        row.setSymbol(bar.getSymbol());
        row.setDate(bar.getDate());
        row.setEventTime(eventTime);
        row.setProvisional(provisional);
        row.setPrice(bar.getClose());
        row.setValues(Valuation.of(basis == null ? null : basis::value, bar.getClose(), paid));
        return row;
    }

    /** a + b computed exactly on the decimals the doubles print as, rounded once. */
    private static double exactSum(double a, double b) {
        return BigDecimal.valueOf(a).add(BigDecimal.valueOf(b)).doubleValue();
    }

    private static FundamentalsRow toRow(String symbol, Fundamentals.Row r, long eventTime) {
        FundamentalsRow row = new FundamentalsRow();
        row.setSymbol(symbol);
        row.setPeriodEnd(r.periodEnd());
        row.setEventTime(eventTime);
        row.setForm(r.form());
        row.setAccession(r.accession());
        row.setFiscalYear(r.fiscalYear());
        row.setFiscalPeriod(r.fiscalPeriod());
        row.setFiled(r.filed());
        Map<String, Double> v = new TreeMap<>();
        for (int c = 0; c < Fundamentals.DURATIONS.size(); c++) {
            String concept = Fundamentals.DURATIONS.get(c);
            v.put(concept.equals("eps_diluted") ? "eps_ttm" : concept + "_ttm", r.ttm()[c]);
        }
        for (int c = 0; c < Fundamentals.INSTANTS.size(); c++) {
            v.put(Fundamentals.INSTANTS.get(c), r.balance()[c]);
        }
        v.put("fcf_ttm", r.fcfTtm());
        v.put("ebitda_ttm", r.ebitdaTtm());
        v.put("revenue_growth_yoy", r.revenueGrowthYoy());
        v.put("eps_growth_yoy", r.epsGrowthYoy());
        v.put("altman_z", r.altmanZ());
        row.setValues(FundamentalsRow.COLUMNS.stream().map(v::get).toArray(Double[]::new));
        row.setPiotroskiF(r.piotroskiF());
        return row;
    }

    private static boolean sameValues(FundamentalsRow a, FundamentalsRow b) {
        return java.util.Arrays.equals(a.getValues(), b.getValues()) && Objects.equals(a.getPiotroskiF(), b.getPiotroskiF())
                && Objects.equals(a.getAccession(), b.getAccession()) && a.getFiscalYear() == b.getFiscalYear()
                && Objects.equals(a.getFiscalPeriod(), b.getFiscalPeriod()) && Objects.equals(a.getForm(), b.getForm())
                && Objects.equals(a.getFiled(), b.getFiled());
    }
}
