package org.finstream.generator;

import java.util.Locale;

/**
 * The normalized XBRL concepts of METRICS.md section 1, grouped by how filings report them:
 * income-statement durations (quarter and year-to-date in a 10-Q), cash-flow durations
 * (year-to-date only in a 10-Q) and balance-sheet instants.
 */
enum Concept {
    REVENUE(Kind.INCOME, 0),
    GROSS_PROFIT(Kind.INCOME, 0),
    OPERATING_INCOME(Kind.INCOME, 0),
    NET_INCOME(Kind.INCOME, 0),
    /** In cents. */
    EPS_DILUTED(Kind.INCOME, 2),
    OPERATING_CASH_FLOW(Kind.CASH_FLOW, 0),
    CAPEX(Kind.CASH_FLOW, 0),
    DEPRECIATION_AMORTIZATION(Kind.CASH_FLOW, 0),
    SHARES_OUTSTANDING(Kind.INSTANT, 0),
    TOTAL_ASSETS(Kind.INSTANT, 0),
    TOTAL_LIABILITIES(Kind.INSTANT, 0),
    CURRENT_ASSETS(Kind.INSTANT, 0),
    CURRENT_LIABILITIES(Kind.INSTANT, 0),
    STOCKHOLDERS_EQUITY(Kind.INSTANT, 0),
    RETAINED_EARNINGS(Kind.INSTANT, 0),
    CASH(Kind.INSTANT, 0),
    TOTAL_DEBT(Kind.INSTANT, 0);

    /** How a concept is reported. */
    enum Kind { INCOME, CASH_FLOW, INSTANT }

    private final Kind kind;
    private final int scale;

    Concept(Kind kind, int scale) {
        this.kind = kind;
        this.scale = scale;
    }

    Kind kind() {
        return kind;
    }

    /** Decimal places of the stored whole number: 2 for EPS (cents), 0 for dollars and shares. */
    int scale() {
        return scale;
    }

    /** The name used in {@code filings.jsonl}, e.g. {@code gross_profit}. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
