package org.finstream.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.finstream.generator.Sample.Bar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reference data, daily bars, corporate actions and intraday bars of a small run. */
class GeneratorPricesTest {
    private static final Set<String> ETFS = Set.of("SPY", "TLT", "IWM", "IWD", "IWF", "MTUM", "QUAL", "USMV");
    private static final int INTRADAY_DAYS = 5;

    @TempDir
    static Path dir;
    static Sample sample;

    @BeforeAll
    static void generate() throws Exception {
        sample = Sample.generate(Sample.small(dir).withIntraday(INTRADAY_DAYS, 13));
    }

    @Test
    void everyCleanRowIsValid() {
        for (String line : sample.lines(MarketGenerator.PRICES)) {
            assertNull(Rules.priceBar(line, false), line);
            String[] f = line.split(",");
            double open = Double.parseDouble(f[2]);
            assertTrue(open >= Double.parseDouble(f[4]) && open <= Double.parseDouble(f[3]), "open in range: " + line);
            assertTrue(f[6].matches("\\d+"), "whole-share volume: " + line);
        }
        for (String line : sample.lines(MarketGenerator.PRICES_INTRADAY)) {
            assertNull(Rules.priceBar(line, true), line);
        }
        for (String line : sample.lines(MarketGenerator.CORPORATE_ACTIONS)) {
            assertNull(Rules.corporateAction(line), line);
        }
        for (String line : sample.lines(MarketGenerator.TRADES)) {
            assertNull(Rules.trade(line), line);
        }
        for (String line : sample.lines(MarketGenerator.FILINGS)) {
            assertNull(Rules.filing(line), line);
        }
    }

    @Test
    void filesHaveTheDocumentedHeadersAndLfLineEndings() throws Exception {
        assertEquals("symbol,date,open,high,low,close,volume", sample.allLines(MarketGenerator.PRICES).get(0));
        assertEquals("symbol,date,open,high,low,close,volume,ts",
                sample.allLines(MarketGenerator.PRICES_INTRADAY).get(0));
        assertEquals("symbol,ex_date,type,value", sample.allLines(MarketGenerator.CORPORATE_ACTIONS).get(0));
        assertEquals("symbol,name,sector,industry,cik", sample.allLines(MarketGenerator.REFERENCE).get(0));
        assertEquals("portfolio_id,symbol,trade_date,quantity,price", sample.allLines(MarketGenerator.TRADES).get(0));
        for (String file : sample.summary.rowsPerFile().keySet()) {
            String text = java.nio.file.Files.readString(sample.file(file));
            assertFalse(text.contains("\r"), file);
            assertTrue(text.endsWith("\n"), file);
        }
    }

    @Test
    void universeHasTheStocksAndTheEightEtfs() {
        List<String[]> reference = sample.rows(MarketGenerator.REFERENCE);
        assertEquals(20 + ETFS.size(), reference.size());
        Set<String> sectors = Arrays.stream(Sector.values()).map(Sector::label).collect(Collectors.toSet());
        Set<String> symbols = new HashSet<>();
        Set<String> ciks = new HashSet<>();
        for (String[] r : reference) {
            assertEquals(5, r.length);
            assertTrue(Rules.SYMBOL.matcher(r[0]).matches(), r[0]);
            assertTrue(symbols.add(r[0]), "unique symbol " + r[0]);
            assertTrue(ciks.add(r[4]) && r[4].matches("\\d{10}"), "unique 10-digit CIK " + r[4]);
            assertFalse(r[1].isEmpty() || r[3].isEmpty());
            if (ETFS.contains(r[0])) {
                assertEquals("ETF", r[2]);
            } else {
                assertTrue(sectors.contains(r[2]), r[2]);
                assertTrue(r[0].length() == 3 || r[0].length() == 4, r[0]);
            }
        }
        assertTrue(symbols.containsAll(ETFS));
        assertEquals(symbols, sample.bars().keySet());
    }

    @Test
    void oneBarPerSymbolPerTradingDay() {
        assertEquals(300, sample.days.size());
        assertEquals(LocalDate.of(2023, 1, 3), sample.firstDay(), "2023-01-02 is New Year observed");
        for (TreeMap<LocalDate, Bar> series : sample.bars().values()) {
            assertEquals(sample.days, new ArrayList<>(series.keySet()));
        }
        assertEquals(28L * 300, sample.lines(MarketGenerator.PRICES).size());
        for (LocalDate d : sample.days) {
            assertFalse(TradingCalendar.isWeekend(d), d::toString);
        }
        assertFalse(sample.days.contains(LocalDate.of(2023, 7, 4)));
        assertFalse(sample.days.contains(LocalDate.of(2023, 11, 23)));
        assertFalse(sample.days.contains(LocalDate.of(2023, 12, 25)));
    }

    @Test
    void recomputedTotalReturnsArePlausible() {
        double[] spy = sample.returns("SPY");
        double[] iwm = sample.returns("IWM");
        double spyVol = stdev(spy) * Math.sqrt(252);
        assertTrue(spyVol > 0.10 && spyVol < 0.22, "SPY annual vol " + spyVol);
        assertTrue(correlation(spy, iwm) > 0.85, "SPY/IWM correlation " + correlation(spy, iwm));
        assertTrue(correlation(spy, sample.returns("TLT")) < 0.3, "TLT follows rates, not the market");

        List<Double> betas = new ArrayList<>();
        List<Double> vols = new ArrayList<>();
        for (String symbol : sample.bars().keySet()) {
            double[] r = sample.returns(symbol);
            for (int d = 1; d < r.length; d++) {
                assertTrue(Math.abs(r[d]) < 0.5, symbol + " " + sample.days.get(d) + " return " + r[d]);
            }
            if (!ETFS.contains(symbol)) {
                betas.add(covariance(r, spy) / covariance(spy, spy));
                vols.add(stdev(r));
            }
        }
        double meanBeta = betas.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(meanBeta > 0.7 && meanBeta < 1.4, "mean stock beta " + meanBeta);
        assertTrue(betas.stream().allMatch(b -> b > 0.2 && b < 2.2), "stock betas " + betas);
        assertTrue(vols.stream().allMatch(v -> v > 0.008 && v < 0.05), "stock daily vols " + vols);
    }

    @Test
    void splitsShowInRawPricesButNotInTotalReturns() {
        Map<String, Map<LocalDate, Double>> splits = sample.splits();
        assertFalse(splits.isEmpty(), "precondition: the sample has a split");
        splits.forEach((symbol, bySymbol) -> bySymbol.forEach((date, ratio) -> {
            assertTrue(ratio == 2 || ratio == 3 || ratio == 4, "ratio " + ratio);
            assertFalse(ETFS.contains(symbol));
            TreeMap<LocalDate, Bar> series = sample.bars().get(symbol);
            double raw = series.get(date).close() / series.lowerEntry(date).getValue().close() - 1;
            double total = sample.returns(symbol)[sample.days.indexOf(date)];
            assertTrue(raw < -0.3, "raw return on a split day " + raw);
            assertTrue(Math.abs(total) < 0.3, "total return on a split day " + total);
            assertTrue(series.get(date).close() >= 10, "no absurd post-split price");
        }));
    }

    @Test
    void aboutHalfTheStocksPayQuarterlyDividends() {
        Map<String, Map<LocalDate, Double>> dividends = sample.dividends();
        assertTrue(dividends.size() >= 4 && dividends.size() <= 16, dividends.size() + " payers of 20");
        dividends.forEach((symbol, bySymbol) -> {
            assertFalse(ETFS.contains(symbol));
            List<LocalDate> exDates = new ArrayList<>(bySymbol.keySet());
            for (int i = 1; i < exDates.size(); i++) {
                long gap = ChronoUnit.DAYS.between(exDates.get(i - 1), exDates.get(i));
                assertTrue(gap >= 80 && gap <= 100, symbol + " quarterly gap " + gap);
            }
            bySymbol.forEach((date, amount) -> {
                assertTrue(sample.days.contains(date), "ex-date on a trading day");
                double close = sample.bars().get(symbol).get(date).close();
                double annualYield = 4 * amount / close;
                assertTrue(annualYield > 0.003 && annualYield < 0.06, symbol + " yield " + annualYield);
            });
        });
    }

    @Test
    void intradayBarsAreConsistentWithTheDailyBar() {
        Map<String, Map<LocalDate, List<String[]>>> bySymbolAndDate = new TreeMap<>();
        for (String[] f : sample.rows(MarketGenerator.PRICES_INTRADAY)) {
            bySymbolAndDate.computeIfAbsent(f[0], s -> new TreeMap<>())
                    .computeIfAbsent(LocalDate.parse(f[1]), d -> new ArrayList<>()).add(f);
        }
        assertEquals(sample.bars().keySet(), bySymbolAndDate.keySet());
        List<LocalDate> lastDays = sample.days.subList(300 - INTRADAY_DAYS, 300);
        for (Map.Entry<String, Map<LocalDate, List<String[]>>> e : bySymbolAndDate.entrySet()) {
            assertEquals(lastDays, new ArrayList<>(e.getValue().keySet()));
            e.getValue().forEach((date, bars) -> {
                Bar daily = sample.bars().get(e.getKey()).get(date);
                assertEquals(13, bars.size());
                double high = Double.NEGATIVE_INFINITY;
                double low = Double.POSITIVE_INFINITY;
                long volume = 0;
                for (int k = 0; k < bars.size(); k++) {
                    String[] b = bars.get(k);
                    assertEquals(date.atTime(14, 30).plusMinutes(30L * k) + ":00Z", b[7]);
                    high = Math.max(high, Double.parseDouble(b[3]));
                    low = Math.min(low, Double.parseDouble(b[4]));
                    volume += Long.parseLong(b[6]);
                    if (k > 0) {
                        assertEquals(bars.get(k - 1)[5], b[2], "open = previous close");
                    }
                }
                assertEquals(daily.open(), Double.parseDouble(bars.get(0)[2]));
                assertEquals(daily.close(), Double.parseDouble(bars.get(12)[5]));
                assertEquals(daily.high(), high);
                assertEquals(daily.low(), low);
                assertEquals(daily.volume(), volume);
            });
        }
    }

    static double mean(double[] x) {
        double s = 0;
        for (int i = 1; i < x.length; i++) {
            s += x[i];
        }
        return s / (x.length - 1);
    }

    /** Sample covariance over indices 1.. (index 0 has no return). */
    static double covariance(double[] x, double[] y) {
        double mx = mean(x);
        double my = mean(y);
        double s = 0;
        for (int i = 1; i < x.length; i++) {
            s += (x[i] - mx) * (y[i] - my);
        }
        return s / (x.length - 2);
    }

    static double stdev(double[] x) {
        return Math.sqrt(covariance(x, x));
    }

    static double correlation(double[] x, double[] y) {
        return covariance(x, y) / (stdev(x) * stdev(y));
    }
}
