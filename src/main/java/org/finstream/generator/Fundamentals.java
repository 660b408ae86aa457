package org.finstream.generator;

import static org.finstream.generator.Concept.CAPEX;
import static org.finstream.generator.Concept.CASH;
import static org.finstream.generator.Concept.CURRENT_ASSETS;
import static org.finstream.generator.Concept.CURRENT_LIABILITIES;
import static org.finstream.generator.Concept.DEPRECIATION_AMORTIZATION;
import static org.finstream.generator.Concept.EPS_DILUTED;
import static org.finstream.generator.Concept.GROSS_PROFIT;
import static org.finstream.generator.Concept.NET_INCOME;
import static org.finstream.generator.Concept.OPERATING_CASH_FLOW;
import static org.finstream.generator.Concept.OPERATING_INCOME;
import static org.finstream.generator.Concept.RETAINED_EARNINGS;
import static org.finstream.generator.Concept.REVENUE;
import static org.finstream.generator.Concept.SHARES_OUTSTANDING;
import static org.finstream.generator.Concept.STOCKHOLDERS_EQUITY;
import static org.finstream.generator.Concept.TOTAL_ASSETS;
import static org.finstream.generator.Concept.TOTAL_DEBT;
import static org.finstream.generator.Concept.TOTAL_LIABILITIES;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Simulates a company's fiscal quarters. Revenue follows a log random walk with a per-company
 * drift; margins, cash-flow ratios and balance-sheet shares are per-company with a little
 * quarterly noise, so that gross profit stays below revenue, operating and net income can be
 * negative, and the balance sheet adds up ({@code equity = assets - liabilities}, cash within
 * current assets, debt within liabilities). Amounts are whole thousands of dollars, EPS whole
 * cents. Shares outstanding include the splits with an ex-date up to the period end; a
 * quarter's EPS is on the share count of its own period end, as originally reported.
 */
final class Fundamentals {
    /** Diluted shares as a multiple of shares outstanding. */
    static final double DILUTION = 1.01;
    private static final double TAX_RATE = 0.21;
    private static final double QUARTERLY_INTEREST_RATE = 0.012;

    private final SplittableRandom rng;
    private final double growth;
    private final double grossMargin;
    private final double opexShareOfGrossProfit;
    private final double daRatio;
    private final double capexRatio;
    private final double assetsToSales;
    private final double cashShare;
    private final double otherCurrentShare;
    private final double currentRatio;
    private final double debtShare;
    private final double otherLiabilitiesShare;
    private final double payout;
    private double revenue;
    private double shares;

    private Fundamentals(Instrument company, SplittableRandom rng) {
        this.rng = rng;
        double marketCap = Draws.logUniform(rng, 1e9, 2e11);
        this.shares = marketCap / company.startPrice();
        this.revenue = marketCap / Draws.logUniform(rng, 0.8, 8) / 4;
        this.growth = Draws.normal(rng, 0.012, 0.015);
        this.grossMargin = Draws.uniform(rng, 0.2, 0.75);
        this.opexShareOfGrossProfit = Draws.uniform(rng, 0.4, 1.1);
        this.daRatio = Draws.uniform(rng, 0.02, 0.08);
        this.capexRatio = Draws.uniform(rng, 0.02, 0.10);
        this.assetsToSales = Draws.uniform(rng, 0.6, 3.0);
        this.cashShare = Draws.uniform(rng, 0.03, 0.2);
        this.otherCurrentShare = Draws.uniform(rng, 0.1, 0.25);
        this.currentRatio = Draws.uniform(rng, 1.0, 2.5);
        this.debtShare = Draws.uniform(rng, 0, 0.3);
        this.otherLiabilitiesShare = Draws.uniform(rng, 0.02, 0.1);
        this.payout = company.dividendYield() > 0 ? Draws.uniform(rng, 0.2, 0.6) : 0;
    }

    /**
     * The quarters of fiscal years {@code firstFiscalYear..lastFiscalYear} in order.
     *
     * @param splitFactor cumulative split ratio of the company's splits with ex-date on or before a date
     */
    static List<Quarter> simulate(Instrument company, int fiscalYearEndMonth, int firstFiscalYear,
                                  int lastFiscalYear, ToDoubleFunction<LocalDate> splitFactor,
                                  SplittableRandom rng) {
        Fundamentals model = new Fundamentals(company, rng);
        List<Quarter> quarters = new ArrayList<>();
        Long retained = null;
        for (int fy = firstFiscalYear; fy <= lastFiscalYear; fy++) {
            YearMonth fyEnd = YearMonth.of(fy, fiscalYearEndMonth);
            for (int q = 1; q <= 4; q++) {
                LocalDate start = fyEnd.minusMonths(12 - 3 * (q - 1) - 1).atDay(1);
                LocalDate end = fyEnd.minusMonths(12 - 3 * q).atEndOfMonth();
                long[] v = model.next(!quarters.isEmpty(), splitFactor.applyAsDouble(end));
                long netIncome = v[NET_INCOME.ordinal()];
                retained = retained == null
                        ? thousands(v[STOCKHOLDERS_EQUITY.ordinal()] * Draws.uniform(rng, -0.2, 1.0))
                        : retained + netIncome - thousands(model.payout * Math.max(0, netIncome));
                v[RETAINED_EARNINGS.ordinal()] = retained;
                quarters.add(new Quarter(fy, q, start, end, v));
            }
        }
        return quarters;
    }

    /** The fiscal year (named by the calendar year it ends in) that contains {@code date}. */
    static int fiscalYearOf(LocalDate date, int fiscalYearEndMonth) {
        return date.getMonthValue() <= fiscalYearEndMonth ? date.getYear() : date.getYear() + 1;
    }

    /**
     * The same quarter as first (mis)reported: revenue and gross profit off by 1%-5%, operating
     * and net income moved by the same gross-profit error (after tax), EPS recomputed.
     */
    static Quarter misstate(Quarter q, SplittableRandom rng) {
        double error = (rng.nextBoolean() ? 1 : -1) * Draws.uniform(rng, 0.01, 0.05);
        long[] v = q.values().clone();
        long grossProfit = thousands(q.value(GROSS_PROFIT) * (1 + error));
        long operatingIncome = q.value(OPERATING_INCOME) + grossProfit - q.value(GROSS_PROFIT);
        long netIncome = q.value(NET_INCOME)
                + thousands((operatingIncome - q.value(OPERATING_INCOME)) * (1 - TAX_RATE));
        v[REVENUE.ordinal()] = thousands(q.value(REVENUE) * (1 + error));
        v[GROSS_PROFIT.ordinal()] = grossProfit;
        v[OPERATING_INCOME.ordinal()] = operatingIncome;
        v[NET_INCOME.ordinal()] = netIncome;
        v[EPS_DILUTED.ordinal()] = epsCents(netIncome, q.value(SHARES_OUTSTANDING));
        return new Quarter(q.fiscalYear(), q.fiscalQuarter(), q.start(), q.end(), v);
    }

    /** The next quarter's values, except retained earnings. */
    private long[] next(boolean grow, double splitFactor) {
        if (grow) {
            revenue *= Math.exp(Draws.normal(rng, growth, 0.04));
            shares *= Math.exp(Draws.normal(rng, -0.002, 0.004));
        }
        long[] v = new long[Concept.values().length];
        long rev = thousands(revenue);
        long assets = thousands(4 * rev * assetsToSales * Math.exp(Draws.normal(rng, 0, 0.03)));
        long cash = thousands(assets * cashShare * Math.exp(Draws.normal(rng, 0, 0.1)));
        long currentAssets = cash + thousands(assets * otherCurrentShare);
        long currentLiabilities = thousands(currentAssets / (currentRatio * Math.exp(Draws.normal(rng, 0, 0.05))));
        long debt = thousands(assets * debtShare);
        long liabilities = currentLiabilities + debt + thousands(assets * otherLiabilitiesShare);

        double margin = Math.max(0.05, Math.min(0.9, Draws.normal(rng, grossMargin, 0.015)));
        long grossProfit = thousands(rev * margin);
        double opex = Math.max(0.01, Draws.normal(rng, grossMargin * opexShareOfGrossProfit, 0.02));
        long operatingIncome = grossProfit - thousands(rev * opex);
        double preTax = operatingIncome - debt * QUARTERLY_INTEREST_RATE;
        long netIncome = thousands(preTax * (preTax > 0 ? 1 - TAX_RATE : 1) + Draws.normal(rng, 0, 0.01) * rev);
        long da = thousands(rev * daRatio * Math.exp(Draws.normal(rng, 0, 0.05)));
        long sharesOutstanding = Math.round(shares * splitFactor / 1000) * 1000;

        v[REVENUE.ordinal()] = rev;
        v[GROSS_PROFIT.ordinal()] = grossProfit;
        v[OPERATING_INCOME.ordinal()] = operatingIncome;
        v[NET_INCOME.ordinal()] = netIncome;
        v[EPS_DILUTED.ordinal()] = epsCents(netIncome, sharesOutstanding);
        v[OPERATING_CASH_FLOW.ordinal()] = thousands(netIncome + da + Draws.normal(rng, 0, 0.04) * rev);
        v[CAPEX.ordinal()] = thousands(rev * capexRatio * Math.exp(Draws.normal(rng, 0, 0.2)));
        v[DEPRECIATION_AMORTIZATION.ordinal()] = da;
        v[SHARES_OUTSTANDING.ordinal()] = sharesOutstanding;
        v[TOTAL_ASSETS.ordinal()] = assets;
        v[TOTAL_LIABILITIES.ordinal()] = liabilities;
        v[CURRENT_ASSETS.ordinal()] = currentAssets;
        v[CURRENT_LIABILITIES.ordinal()] = currentLiabilities;
        v[STOCKHOLDERS_EQUITY.ordinal()] = assets - liabilities;
        v[CASH.ordinal()] = cash;
        v[TOTAL_DEBT.ordinal()] = debt;
        return v;
    }

    private static long epsCents(long netIncome, long sharesOutstanding) {
        return Math.round(netIncome * 100.0 / (sharesOutstanding * DILUTION));
    }

    private static long thousands(double dollars) {
        return Math.round(dollars / 1000) * 1000;
    }
}
