package org.finstream.generator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes invalid records to the {@code *_dirty.*} files, cycling through {@link Defect} so that
 * {@code Defect.values().length} (20) records cover every kind once. Each record is built from a
 * random instrument and trading day of the run and breaks exactly one rule of METRICS.md
 * section 2 (a bar with high below low necessarily also has its close outside the range); the
 * conflicting duplicate is a valid bar with the key of a real one and a different close.
 */
final class DirtyRecords {
    /** A bad symbol: '$' is outside A-Z 0-9 . - ^. */
    static final String BAD_SYMBOL = "bad$sym";

    /** The kinds of invalid record, in the order they are written. */
    enum Defect {
        PRICE_UNPARSEABLE, ACTION_SPLIT_RATIO, TRADE_NON_POSITIVE_PRICE, FILING_UNPARSEABLE,
        PRICE_MISSING_FIELD, ACTION_NEGATIVE_DIVIDEND, TRADE_BAD_SYMBOL, FILING_MISSING_FIELD,
        PRICE_BAD_NUMBER, ACTION_BAD_DATE, TRADE_BAD_NUMBER, FILING_BAD_DATE,
        PRICE_NON_FINITE, PRICE_BAD_DATE, PRICE_BAD_SYMBOL, PRICE_NON_POSITIVE,
        PRICE_HIGH_BELOW_LOW, PRICE_CLOSE_OUTSIDE_RANGE, PRICE_NEGATIVE_VOLUME, PRICE_CONFLICTING_DUPLICATE
    }

    private final List<Instrument> universe;
    private final PriceHistory prices;
    private final int portfolios;
    private final SplittableRandom rng;
    private final JsonFactory json = new JsonFactory();

    DirtyRecords(List<Instrument> universe, PriceHistory prices, int portfolios, SplittableRandom rng) {
        this.universe = universe;
        this.prices = prices;
        this.portfolios = portfolios;
        this.rng = rng;
    }

    void write(int count, RowWriter priceOut, RowWriter actionOut, RowWriter tradeOut, RowWriter filingOut)
            throws IOException {
        Defect[] defects = Defect.values();
        for (int n = 0; n < count; n++) {
            int i = stock();
            int d = rng.nextInt(prices.days().size());
            String symbol = universe.get(i).symbol();
            LocalDate date = prices.days().get(d);
            String day = date.toString();
            String slashed = day.replace('-', '/');
            long close = prices.close(i, d);
            String[] bar = bar(symbol, day, close);
            switch (defects[n % defects.length]) {
                case PRICE_UNPARSEABLE -> priceOut.row(String.join(";", bar));
                case PRICE_MISSING_FIELD -> priceOut.row(with(bar, 5, ""));
                case PRICE_BAD_NUMBER -> priceOut.row(with(bar, 2, "n/a"));
                case PRICE_NON_FINITE -> priceOut.row(with(bar, 5, "NaN"));
                case PRICE_BAD_DATE -> priceOut.row(with(bar, 1, slashed));
                case PRICE_BAD_SYMBOL -> priceOut.row(with(bar, 0, BAD_SYMBOL));
                case PRICE_NON_POSITIVE -> priceOut.row(with(bar, 4, Ticks.format(0)));
                case PRICE_HIGH_BELOW_LOW -> priceOut.row(with(with(bar, 3, bar[4]), 4, bar[3]));
                case PRICE_CLOSE_OUTSIDE_RANGE -> priceOut.row(with(bar, 5, Ticks.format(above(high(close), 1.02))));
                case PRICE_NEGATIVE_VOLUME -> priceOut.row(with(bar, 6, "-" + bar[6]));
                case PRICE_CONFLICTING_DUPLICATE -> priceOut.row(bar(symbol, day, above(close, 1.02)));
                case ACTION_SPLIT_RATIO -> actionOut.row(symbol, day, "split", "0");
                case ACTION_NEGATIVE_DIVIDEND -> actionOut.row(symbol, day, "dividend", "-0.25");
                case ACTION_BAD_DATE -> actionOut.row(symbol, slashed, "dividend", "0.25");
                case TRADE_NON_POSITIVE_PRICE -> tradeOut.row(portfolio(), symbol, day, "100", Ticks.format(0));
                case TRADE_BAD_SYMBOL -> tradeOut.row(portfolio(), BAD_SYMBOL, day, "100", Ticks.format(close));
                case TRADE_BAD_NUMBER -> tradeOut.row(portfolio(), symbol, day, "ten", Ticks.format(close));
                case FILING_UNPARSEABLE -> {
                    String valid = filing(i, n, date, day);
                    filingOut.row(valid.substring(0, valid.length() / 2));
                }
                case FILING_MISSING_FIELD -> filingOut.row(filing(i, -1, date, day));
                case FILING_BAD_DATE -> filingOut.row(filing(i, n, date, slashed));
            }
        }
    }

    /** A random stock (filings exist for stocks only). */
    private int stock() {
        while (true) {
            int i = rng.nextInt(universe.size());
            if (!universe.get(i).isEtf()) {
                return i;
            }
        }
    }

    private String portfolio() {
        return String.format("P%04d", 1 + rng.nextInt(Math.max(1, portfolios)));
    }

    /** A valid bar around {@code close}: open at the close, high 1% above, low 1% below. */
    private String[] bar(String symbol, String day, long close) {
        return new String[] {symbol, day, Ticks.format(close), Ticks.format(high(close)),
            Ticks.format(Math.max(1, Math.round(close * 0.99))), Ticks.format(close),
            Long.toString(Draws.between(rng, 10_000, 1_000_000))};
    }

    private static long high(long close) {
        return above(close, 1.01);
    }

    /** {@code ticks * factor}, at least one tick more. */
    private static long above(long ticks, double factor) {
        return Math.max(ticks + 1, Math.round(ticks * factor));
    }

    private static String[] with(String[] fields, int index, String value) {
        String[] copy = fields.clone();
        copy[index] = value;
        return copy;
    }

    /**
     * A small 10-Q of stock {@code i} with its total assets on {@code date}; a negative
     * {@code sequence} leaves out the accession. The accession sequence (900000 + n) never occurs
     * among the clean filings.
     */
    private String filing(int i, int sequence, LocalDate date, String filed) throws IOException {
        Instrument company = universe.get(i);
        String accession = sequence < 0 ? null
                : FilingGenerator.accession(company.cik(), date.getYear(), 900_000 + sequence);
        StringWriter text = new StringWriter();
        try (JsonGenerator g = json.createGenerator(text)) {
            FilingGenerator.writeHeader(g, company, "10-Q", accession, filed, date.getYear(), "Q1");
            g.writeArrayFieldStart("facts");
            FilingGenerator.writeFact(g, Concept.TOTAL_ASSETS, null, date,
                    Draws.between(rng, 1_000, 50_000) * 1_000_000L);
            g.writeEndArray();
            g.writeEndObject();
        }
        return text.toString();
    }
}
