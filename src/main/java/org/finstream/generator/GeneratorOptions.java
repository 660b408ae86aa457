package org.finstream.generator;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The options of one generator run. The same options (including the seed) always produce
 * byte-identical files.
 *
 * @param symbols            number of generated stocks (the 8 factor ETFs come on top)
 * @param days               number of trading days, counted from {@code startDate}
 * @param portfolios         number of portfolios ({@code P0001}, ...) in {@code trades.csv}
 * @param seed               seed of every random draw
 * @param startDate          first calendar date considered (the first trading day is on or after it)
 * @param outDir             directory the files are written into (created when missing)
 * @param intradayDays       number of last trading days that also get intraday bars (0: no
 *                           {@code prices_intraday.csv})
 * @param intradayBarsPerDay intraday bars per trading day, spaced 390 / n minutes apart from 14:30Z
 * @param dirty              number of invalid records written to the {@code *_dirty.*} files
 *                           (0: no dirty files)
 * @param filingYears        fiscal years of filings before the fiscal year of the first trading day
 */
public record GeneratorOptions(int symbols, int days, int portfolios, long seed, LocalDate startDate,
                               Path outDir, int intradayDays, int intradayBarsPerDay, int dirty,
                               int filingYears) {

    public static final int DEFAULT_SYMBOLS = 500;
    public static final int DEFAULT_DAYS = 339;
    public static final int DEFAULT_PORTFOLIOS = 1000;
    public static final long DEFAULT_SEED = 42;
    public static final LocalDate DEFAULT_START_DATE = LocalDate.of(2023, 1, 2);
    public static final int DEFAULT_INTRADAY_BARS_PER_DAY = 13;
    public static final int DEFAULT_FILING_YEARS = 2;
    /** Upper bound of {@code filingYears}. */
    public static final int MAX_FILING_YEARS = 50;
    /** Upper bound of {@code symbols}: tickers are 3 or 4 letters. */
    public static final int MAX_SYMBOLS = 100_000;
    /** Upper bound of {@code intradayBarsPerDay}: one bar per minute of the 6.5 h session. */
    public static final int MAX_INTRADAY_BARS_PER_DAY = IntradayBars.SESSION_MINUTES;

    public GeneratorOptions {
        Objects.requireNonNull(startDate, "startDate");
        Objects.requireNonNull(outDir, "outDir");
        require(symbols >= 1 && symbols <= MAX_SYMBOLS, "symbols must be in 1.." + MAX_SYMBOLS);
        require(days >= 2, "days must be at least 2");
        require(portfolios >= 0, "portfolios must be >= 0");
        require(intradayDays >= 0 && intradayDays <= days, "intradayDays must be in 0..days");
        require(intradayBarsPerDay >= 1 && intradayBarsPerDay <= MAX_INTRADAY_BARS_PER_DAY,
                "intradayBarsPerDay must be in 1.." + MAX_INTRADAY_BARS_PER_DAY);
        require(dirty >= 0, "dirty must be >= 0");
        require(filingYears >= 0 && filingYears <= MAX_FILING_YEARS, "filingYears must be in 0.." + MAX_FILING_YEARS);
    }

    /** The full default workload (500 stocks, 339 days, 1000 portfolios, seed 42, no intraday, no dirty, 2 filing years). */
    public static GeneratorOptions defaults(Path outDir) {
        return new GeneratorOptions(DEFAULT_SYMBOLS, DEFAULT_DAYS, DEFAULT_PORTFOLIOS, DEFAULT_SEED,
                DEFAULT_START_DATE, outDir, 0, DEFAULT_INTRADAY_BARS_PER_DAY, 0, DEFAULT_FILING_YEARS);
    }

    public GeneratorOptions withSymbols(int value) {
        return new GeneratorOptions(value, days, portfolios, seed, startDate, outDir, intradayDays,
                intradayBarsPerDay, dirty, filingYears);
    }

    public GeneratorOptions withDays(int value) {
        return new GeneratorOptions(symbols, value, portfolios, seed, startDate, outDir, intradayDays,
                intradayBarsPerDay, dirty, filingYears);
    }

    public GeneratorOptions withPortfolios(int value) {
        return new GeneratorOptions(symbols, days, value, seed, startDate, outDir, intradayDays,
                intradayBarsPerDay, dirty, filingYears);
    }

    public GeneratorOptions withSeed(long value) {
        return new GeneratorOptions(symbols, days, portfolios, value, startDate, outDir, intradayDays,
                intradayBarsPerDay, dirty, filingYears);
    }

    public GeneratorOptions withStartDate(LocalDate value) {
        return new GeneratorOptions(symbols, days, portfolios, seed, value, outDir, intradayDays,
                intradayBarsPerDay, dirty, filingYears);
    }

    public GeneratorOptions withOutDir(Path value) {
        return new GeneratorOptions(symbols, days, portfolios, seed, startDate, value, intradayDays,
                intradayBarsPerDay, dirty, filingYears);
    }

    public GeneratorOptions withIntraday(int lastDays, int barsPerDay) {
        return new GeneratorOptions(symbols, days, portfolios, seed, startDate, outDir, lastDays,
                barsPerDay, dirty, filingYears);
    }

    public GeneratorOptions withDirty(int value) {
        return new GeneratorOptions(symbols, days, portfolios, seed, startDate, outDir, intradayDays,
                intradayBarsPerDay, value, filingYears);
    }

    public GeneratorOptions withFilingYears(int value) {
        return new GeneratorOptions(symbols, days, portfolios, seed, startDate, outDir, intradayDays,
                intradayBarsPerDay, dirty, value);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
