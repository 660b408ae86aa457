package org.finstream.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates a synthetic market into a directory, in the input formats of METRICS.md section 1:
 * {@code reference.csv}, {@code prices.csv}, {@code prices_intraday.csv} (when intraday days are
 * requested), {@code corporate_actions.csv}, {@code filings.jsonl}, {@code trades.csv} and, when
 * dirty records are requested, {@code prices_dirty.csv}, {@code corporate_actions_dirty.csv},
 * {@code trades_dirty.csv} and {@code filings_dirty.jsonl}. An optional file that a run does not
 * write is deleted if an earlier run left it behind, so that a {@code prices*.csv} glob never
 * picks up stale data.
 *
 * <p>Every stage draws from its own stream split off {@code new SplittableRandom(seed)}, so the
 * same options give byte-identical files, and turning intraday bars or dirty records on or off
 * leaves the other files unchanged. Time-ordered files (prices, actions, filings, trades) are
 * written in event-time order (date, then symbol or portfolio); rows are streamed to the files
 * as they are generated.
 */
public final class MarketGenerator {
    public static final String REFERENCE = "reference.csv";
    public static final String PRICES = "prices.csv";
    public static final String PRICES_INTRADAY = "prices_intraday.csv";
    public static final String CORPORATE_ACTIONS = "corporate_actions.csv";
    public static final String FILINGS = "filings.jsonl";
    public static final String TRADES = "trades.csv";
    public static final String PRICES_DIRTY = "prices_dirty.csv";
    public static final String CORPORATE_ACTIONS_DIRTY = "corporate_actions_dirty.csv";
    public static final String TRADES_DIRTY = "trades_dirty.csv";
    public static final String FILINGS_DIRTY = "filings_dirty.jsonl";

    static final String REFERENCE_HEADER = "symbol,name,sector,industry,cik";
    static final String PRICES_HEADER = "symbol,date,open,high,low,close,volume";
    static final String PRICES_INTRADAY_HEADER = PRICES_HEADER + ",ts";
    static final String CORPORATE_ACTIONS_HEADER = "symbol,ex_date,type,value";
    static final String TRADES_HEADER = "portfolio_id,symbol,trade_date,quantity,price";

    /** Generates every file of {@code options} into {@code options.outDir()}. */
    public GenerationSummary generate(GeneratorOptions options) throws IOException {
        Path dir = options.outDir();
        Files.createDirectories(dir);
        SplittableRandom root = new SplittableRandom(options.seed());
        SplittableRandom universeRng = root.split();
        SplittableRandom priceRng = root.split();
        SplittableRandom intradayRng = root.split();
        SplittableRandom filingRng = root.split();
        SplittableRandom tradeRng = root.split();
        SplittableRandom dirtyRng = root.split();

        List<LocalDate> days = TradingCalendar.tradingDays(options.startDate(), options.days());
        List<Instrument> universe = Universe.generate(options.symbols(), universeRng);
        Map<String, Long> rows = new LinkedHashMap<>();

        try (RowWriter out = new RowWriter(dir, REFERENCE, REFERENCE_HEADER)) {
            for (Instrument s : universe) {
                out.row(s.symbol(), s.name(), s.sectorLabel(), s.industry(), s.cik());
            }
            count(out, rows);
        }

        PriceHistory history = writePrices(options, days, universe, priceRng, intradayRng, rows);

        try (RowWriter out = new RowWriter(dir, CORPORATE_ACTIONS, CORPORATE_ACTIONS_HEADER)) {
            for (Action a : history.actions()) {
                out.row(universe.get(a.instrument()).symbol(), days.get(a.day()).toString(),
                        a.type().name().toLowerCase(Locale.ROOT), a.formattedValue());
            }
            count(out, rows);
        }
        try (RowWriter out = new RowWriter(dir, FILINGS, null)) {
            new FilingGenerator(universe, history, filingRng, options.filingYears()).write(out);
            count(out, rows);
        }
        try (RowWriter out = new RowWriter(dir, TRADES, TRADES_HEADER)) {
            new TradeGenerator(universe, history, tradeRng).write(options.portfolios(), out);
            count(out, rows);
        }

        if (options.dirty() > 0) {
            try (RowWriter p = new RowWriter(dir, PRICES_DIRTY, PRICES_HEADER);
                 RowWriter a = new RowWriter(dir, CORPORATE_ACTIONS_DIRTY, CORPORATE_ACTIONS_HEADER);
                 RowWriter t = new RowWriter(dir, TRADES_DIRTY, TRADES_HEADER);
                 RowWriter f = new RowWriter(dir, FILINGS_DIRTY, null)) {
                new DirtyRecords(universe, history, options.portfolios(), dirtyRng)
                        .write(options.dirty(), p, a, t, f);
                for (RowWriter w : List.of(p, a, t, f)) {
                    count(w, rows);
                }
            }
        } else {
            for (String stale : List.of(PRICES_DIRTY, CORPORATE_ACTIONS_DIRTY, TRADES_DIRTY, FILINGS_DIRTY)) {
                Files.deleteIfExists(dir.resolve(stale));
            }
        }
        return new GenerationSummary(dir, rows);
    }

    private static PriceHistory writePrices(GeneratorOptions options, List<LocalDate> days,
                                            List<Instrument> universe, SplittableRandom priceRng,
                                            SplittableRandom intradayRng, Map<String, Long> rows)
            throws IOException {
        Path dir = options.outDir();
        int firstIntradayDay = days.size() - options.intradayDays();
        if (options.intradayDays() == 0) {
            Files.deleteIfExists(dir.resolve(PRICES_INTRADAY));
        }
        IntradayBars intradayBars = new IntradayBars(options.intradayBarsPerDay(), intradayRng);
        try (RowWriter daily = new RowWriter(dir, PRICES, PRICES_HEADER);
             RowWriter intraday = options.intradayDays() > 0
                     ? new RowWriter(dir, PRICES_INTRADAY, PRICES_INTRADAY_HEADER) : null) {
            PriceHistory history = new PriceSimulator(universe, days, priceRng).simulate(bars -> {
                String date = bars.date().toString();
                for (int i = 0; i < universe.size(); i++) {
                    daily.row(universe.get(i).symbol(), date, Ticks.format(bars.open()[i]),
                            Ticks.format(bars.high()[i]), Ticks.format(bars.low()[i]),
                            Ticks.format(bars.close()[i]), Long.toString(bars.volume()[i]));
                }
                if (bars.day() >= firstIntradayDay) {
                    intradayBars.write(universe, bars, intraday);
                }
            });
            count(daily, rows);
            if (intraday != null) {
                count(intraday, rows);
            }
            return history;
        }
    }

    private static void count(RowWriter out, Map<String, Long> rows) {
        rows.put(out.name(), out.rows());
    }
}
