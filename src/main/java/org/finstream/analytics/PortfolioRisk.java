package org.finstream.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The weight-based columns of a portfolio day (METRICS.md section 6; README "Portfolios"):
 * weights, weighted sums of the positions' metrics, top-5 weight, HHI, sector weights, vol_63
 * from the positions' return histories, and pairwise correlations. Flink-free and pure.
 */
public final class PortfolioRisk {
    /**
     * One priced position.
     *
     * @param value   q * c
     * @param metrics the symbol's aggregated metrics as of the day (null entries when unknown)
     * @param days    epoch days of the symbol's last returns, ascending
     * @param returns the returns on those days
     */
    public record Position(String symbol, double value, String sector, Double[] metrics, long[] days, double[] returns) {}

    /** Weight-based results; every field null when the market value is 0. */
    public record Result(Double[] metrics, Double top5Weight, Double hhi, Map<String, Double> sectorWeights,
                         Double vol) {}

    /** One correlation of two held symbols (symbolA < symbolB). */
    public record Correlation(String symbolA, String symbolB, Double correlation) {}

    private PortfolioRisk() {}

    /**
     * @param positions       the priced positions at the end of the day
     * @param marketValue     sum of their values
     * @param metricCount     number of aggregated metrics per position
     * @param volWindow       common return dates for the volatility (63)
     * @param annualization   trading days per year (252)
     */
    public static Result of(List<Position> positions, double marketValue, int metricCount, int volWindow,
                            int annualization) {
        if (marketValue == 0.0) {
            return new Result(new Double[metricCount], null, null, Map.of(), null);
        }
        double[] w = new double[positions.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = positions.get(i).value() / marketValue;
        }
        Double[] metrics = new Double[metricCount];
        for (int m = 0; m < metricCount; m++) {
            double sum = 0;
            boolean known = true;
            for (int i = 0; i < w.length && known; i++) {
                Double v = positions.get(i).metrics()[m];
                known = v != null;
                sum += known ? w[i] * v : 0;
            }
            metrics[m] = known ? sum : null;
        }
        List<Double> absolute = new ArrayList<>();
        double hhi = 0;
        Map<String, Double> sectors = new TreeMap<>();
        for (int i = 0; i < w.length; i++) {
            absolute.add(Math.abs(w[i]));
            hhi += w[i] * w[i];
            sectors.merge(sectorColumn(positions.get(i).sector()), positions.get(i).value(), Double::sum);
        }
        sectors.replaceAll((s, v) -> v / marketValue);
        absolute.sort(Comparator.reverseOrder());
        double top5 = 0;
        for (int i = 0; i < Math.min(5, absolute.size()); i++) {
            top5 += absolute.get(i);
        }
        return new Result(metrics, top5, hhi, sectors, vol(positions, w, volWindow, annualization));
    }

    /** sqrt(w'Sw) * sqrt(annualization) over the last {@code window} dates on which every position has a return. */
    private static Double vol(List<Position> positions, double[] w, int window, int annualization) {
        if (positions.isEmpty()) {
            return null;
        }
        long[] common = commonDays(positions, window);
        if (common == null) {
            return null;
        }
        double[] series = new double[window];
        for (int i = 0; i < positions.size(); i++) {
            double[] r = returnsOn(positions.get(i), common);
            for (int t = 0; t < window; t++) {
                series[t] += w[i] * r[t];
            }
        }
        double mean = 0;
        for (double x : series) {
            mean += x;
        }
        mean /= window;
        double ss = 0;
        for (double x : series) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (window - 1)) * Math.sqrt(annualization);
    }

    /**
     * Pearson correlation of every pair of the positions' symbols over the last {@code window}
     * dates on which both have a return; null with fewer dates or a constant series.
     */
    public static List<Correlation> correlations(List<Position> positions, int window) {
        List<Position> sorted = new ArrayList<>(positions);
        sorted.sort(Comparator.comparing(Position::symbol));
        List<Correlation> out = new ArrayList<>();
        for (int a = 0; a < sorted.size(); a++) {
            for (int b = a + 1; b < sorted.size(); b++) {
                List<Position> pair = List.of(sorted.get(a), sorted.get(b));
                long[] common = commonDays(pair, window);
                Double corr = null;
                if (common != null) {
                    corr = pearson(returnsOn(sorted.get(a), common), returnsOn(sorted.get(b), common));
                }
                out.add(new Correlation(sorted.get(a).symbol(), sorted.get(b).symbol(), corr));
            }
        }
        return out;
    }

    /** Two-pass Pearson correlation; null when either series is constant (all values identical). */
    static Double pearson(double[] x, double[] y) {
        if (constant(x) || constant(y)) {
            return null;
        }
        double mx = 0;
        double my = 0;
        for (int t = 0; t < x.length; t++) {
            mx += x[t];
            my += y[t];
        }
        mx /= x.length;
        my /= y.length;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int t = 0; t < x.length; t++) {
            double dx = x[t] - mx;
            double dy = y[t] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return Math.max(-1.0, Math.min(1.0, sxy / (Math.sqrt(sxx) * Math.sqrt(syy))));
    }

    private static boolean constant(double[] v) {
        for (double x : v) {
            if (x != v[0]) {
                return false;
            }
        }
        return true;
    }

    /** The column suffix of a sector: lower case, runs of other characters as '_'; null is "unknown". */
    public static String sectorColumn(String sector) {
        if (sector == null || sector.isBlank()) {
            return "unknown";
        }
        String s = sector.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        return s.isEmpty() ? "unknown" : s;
    }

    /** The last {@code window} days present in every position's history, ascending; null if fewer. */
    private static long[] commonDays(List<Position> positions, int window) {
        long[] common = new long[window];
        int found = 0;
        int[] cursor = new int[positions.size()];
        for (int i = 0; i < cursor.length; i++) {
            cursor[i] = positions.get(i).days().length - 1;
        }
        while (found < window) {
            // the largest day not after every cursor: walk all cursors down to the minimum of their days
            long candidate = Long.MAX_VALUE;
            for (int i = 0; i < cursor.length; i++) {
                if (cursor[i] < 0) {
                    return null;
                }
                candidate = Math.min(candidate, positions.get(i).days()[cursor[i]]);
            }
            boolean everywhere = true;
            for (int i = 0; i < cursor.length; i++) {
                long[] days = positions.get(i).days();
                while (cursor[i] >= 0 && days[cursor[i]] > candidate) {
                    cursor[i]--;
                }
                everywhere &= cursor[i] >= 0 && days[cursor[i]] == candidate;
            }
            if (everywhere) {
                common[window - 1 - found++] = candidate;
                for (int i = 0; i < cursor.length; i++) {
                    cursor[i]--;
                }
            }
        }
        return common;
    }

    private static double[] returnsOn(Position p, long[] days) {
        double[] r = new double[days.length];
        int j = 0;
        for (int t = 0; t < days.length; t++) {
            while (p.days()[j] != days[t]) {
                j++;
            }
            r[t] = p.returns()[j];
        }
        return r;
    }
}
