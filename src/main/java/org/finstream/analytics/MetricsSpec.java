package org.finstream.analytics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shape of the per-symbol daily metrics (METRICS.md section 3): window lengths, the beta
 * series and the ridge factors. {@link SymbolMetrics} computes the values in the order of
 * {@link #columns()}.
 *
 * <p>Beta series are, in order: the benchmark ({@code mkt}), the rates proxy ({@code rates})
 * and then one per spread, named by {@code spreadNames}. Ridge factors are named by
 * {@code factorNames}; their values are supplied by the caller in that order.
 *
 * @param volatilityWindows windows N of {@code vol_N}, each >= 2
 * @param annualizationDays trading days per year; vol = sample std * sqrt(annualizationDays)
 * @param betaWindow        common dates in each beta's window
 * @param spreadNames       the spread series, in order
 * @param ridgeWindow       common dates in the ridge window
 * @param factorNames       the ridge factors, in order
 * @param ridgeLambda       ridge penalty, >= 0
 * @param extremesWindow    bars in the high/low window
 * @param volumeWindow      bars in the average volume window
 */
public record MetricsSpec(int[] volatilityWindows, int annualizationDays, int betaWindow, List<String> spreadNames,
                          int ridgeWindow, List<String> factorNames, double ridgeLambda, int extremesWindow,
                          int volumeWindow) implements Serializable {
    /** Name of the benchmark beta series and factor. */
    public static final String MARKET = "mkt";
    /** Name of the rates-proxy beta series and factor. */
    public static final String RATES = "rates";

    public MetricsSpec {
        volatilityWindows = volatilityWindows.clone();
        spreadNames = List.copyOf(spreadNames);
        factorNames = List.copyOf(factorNames);
        require(volatilityWindows.length > 0 && Arrays.stream(volatilityWindows).allMatch(w -> w >= 2),
                "volatility windows must be non-empty and >= 2: " + Arrays.toString(volatilityWindows));
        require(Arrays.stream(volatilityWindows).distinct().count() == volatilityWindows.length,
                "volatility windows must be distinct: " + Arrays.toString(volatilityWindows));
        require(annualizationDays >= 1, "annualization days must be >= 1: " + annualizationDays);
        require(betaWindow >= 2, "beta window must be >= 2: " + betaWindow);
        require(ridgeWindow >= 2, "ridge window must be >= 2: " + ridgeWindow);
        require(!factorNames.isEmpty(), "at least one ridge factor is needed");
        require(ridgeLambda >= 0 && Double.isFinite(ridgeLambda), "ridge lambda must be finite and >= 0: " + ridgeLambda);
        require(extremesWindow >= 1, "extremes window must be >= 1: " + extremesWindow);
        require(volumeWindow >= 1, "volume window must be >= 1: " + volumeWindow);
        List<String> series = new ArrayList<>(List.of(MARKET, RATES));
        series.addAll(spreadNames);
        require(series.stream().distinct().count() == series.size(),
                "spread names must be distinct and not '" + MARKET + "' or '" + RATES + "': " + spreadNames);
        require(factorNames.stream().distinct().count() == factorNames.size(), "duplicate factor: " + factorNames);
        for (String f : factorNames) {
            require(series.contains(f), "factor '" + f + "' is neither '" + MARKET + "', '" + RATES
                    + "' nor a configured spread " + spreadNames);
        }
        List<String> columns = columns(volatilityWindows, betaWindow, volumeWindow, spreadNames, factorNames);
        require(columns.stream().distinct().count() == columns.size(), "metric column names collide: " + columns);
    }

    @Override
    public int[] volatilityWindows() {
        return volatilityWindows.clone();
    }

    /** Names of the beta series: mkt, rates, then the spreads. */
    public List<String> betaSeries() {
        List<String> names = new ArrayList<>(List.of(MARKET, RATES));
        names.addAll(spreadNames);
        return names;
    }

    /** Index in {@link #betaSeries()} of each ridge factor, in factor order. */
    public int[] factorSeries() {
        List<String> series = betaSeries();
        return factorNames.stream().mapToInt(series::indexOf).toArray();
    }

    /**
     * Metric column names in the order of {@link SymbolMetrics}' values: {@code vol_N...,
     * beta_mkt_B, beta_rates_B, high_52w, low_52w, avg_volume_V, beta_<spread>..., alpha, r2,
     * exp_<factor>...}.
     */
    public List<String> columns() {
        return columns(volatilityWindows, betaWindow, volumeWindow, spreadNames, factorNames);
    }

    /**
     * The per-symbol metrics a portfolio aggregates as weighted sums (METRICS.md section 6):
     * the betas, spread betas, alpha and exposures, in {@link #columns()} order (r2, volatility,
     * range and volume are not linear in the holdings and are left out).
     */
    public List<String> portfolioColumns() {
        return columns().stream().filter(c -> c.startsWith("beta_") || c.startsWith("exp_") || c.equals("alpha"))
                .toList();
    }

    /** The index in {@link #columns()} of each of {@link #portfolioColumns()}. */
    public int[] portfolioColumnIndices() {
        List<String> all = columns();
        return portfolioColumns().stream().mapToInt(all::indexOf).toArray();
    }

    private static List<String> columns(int[] volatilityWindows, int betaWindow, int volumeWindow,
                                        List<String> spreadNames, List<String> factorNames) {
        List<String> c = new ArrayList<>();
        for (int w : volatilityWindows) {
            c.add("vol_" + w);
        }
        c.add("beta_" + MARKET + "_" + betaWindow);
        c.add("beta_" + RATES + "_" + betaWindow);
        c.add("high_52w");
        c.add("low_52w");
        c.add("avg_volume_" + volumeWindow);
        for (String s : spreadNames) {
            c.add("beta_" + s);
        }
        c.add("alpha");
        c.add("r2");
        for (String f : factorNames) {
            c.add("exp_" + f);
        }
        return c;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
