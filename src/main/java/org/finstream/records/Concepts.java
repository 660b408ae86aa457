package org.finstream.records;

import java.util.ArrayList;
import java.util.List;

/** The normalized filing concepts the metrics use (METRICS.md section 1); others are kept but ignored. */
public final class Concepts {
    /** Concepts that have a start and an end. */
    public static final List<String> DURATIONS = List.of("revenue", "gross_profit", "operating_income", "net_income",
            "eps_diluted", "operating_cash_flow", "capex", "depreciation_amortization");
    /** Concepts dated by their end only (balance-sheet items). */
    public static final List<String> INSTANTS = List.of("shares_outstanding", "total_assets", "total_liabilities",
            "current_assets", "current_liabilities", "stockholders_equity", "retained_earnings", "cash", "total_debt");
    /** Every concept, durations first. */
    public static final List<String> ALL;

    static {
        List<String> all = new ArrayList<>(DURATIONS);
        all.addAll(INSTANTS);
        ALL = List.copyOf(all);
    }

    private Concepts() {}
}
