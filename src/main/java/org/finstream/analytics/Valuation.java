package org.finstream.analytics;

import java.util.List;
import java.util.function.Function;

/** Valuation ratios of one price against the visible fundamentals (METRICS.md section 5). */
public final class Valuation {
    /** The ratio columns, in the order of {@link #of}'s values. */
    public static final List<String> COLUMNS = List.of("market_cap", "pe", "ps", "pb", "ev", "ev_ebitda", "fcf_yield",
            "dividend_yield", "gross_margin", "operating_margin", "net_margin", "roe", "debt_to_equity", "current_ratio");

    private Valuation() {}

    /**
     * @param basis     the visible fundamentals row by column name ({@code eps_ttm}, {@code cash}, ...),
     *                  or null when no filing is visible
     * @param price     the close (or the live price)
     * @param dividends the dividends per share with ex-date in the last 365 days
     * @return the values of {@link #COLUMNS}; a ratio is null when an input is null or its
     *     denominator is 0, pe and ev_ebitda also when their denominator is negative
     */
    public static Double[] of(Function<String, Double> basis, double price, double dividends) {
        Function<String, Double> b = basis == null ? c -> null : basis;
        Double shares = b.apply("shares_outstanding");
        Double marketCap = shares == null ? null : price * shares;
        Double eps = b.apply("eps_ttm");
        Double ebitda = b.apply("ebitda_ttm");
        Double debt = b.apply("total_debt");
        Double cash = b.apply("cash");
        Double ev = marketCap == null || debt == null || cash == null ? null : marketCap + debt - cash;
        Double revenue = b.apply("revenue_ttm");
        Double equity = b.apply("stockholders_equity");
        return new Double[] {
            marketCap,
            eps == null || eps <= 0 ? null : price / eps,
            Fundamentals.ratio(marketCap, revenue),
            Fundamentals.ratio(marketCap, equity),
            ev,
            ebitda == null || ebitda <= 0 ? null : Fundamentals.ratio(ev, ebitda),
            Fundamentals.ratio(b.apply("fcf_ttm"), marketCap),
            dividends / price,
            Fundamentals.ratio(b.apply("gross_profit_ttm"), revenue),
            Fundamentals.ratio(b.apply("operating_income_ttm"), revenue),
            Fundamentals.ratio(b.apply("net_income_ttm"), revenue),
            Fundamentals.ratio(b.apply("net_income_ttm"), equity),
            Fundamentals.ratio(debt, equity),
            Fundamentals.ratio(b.apply("current_assets"), b.apply("current_liabilities"))};
    }
}
