package org.finstream.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.regex.Pattern;

/** How a column's numbers are shown: in table cells and as axis labels. */
public enum ValueFormat {
    /** Prices and amounts: grouped digits, cents below 100,000. */
    MONEY,
    /** Fractions shown as percentages (0.0123 is 1.23%). */
    PERCENT,
    /** Anything else: four significant digits, grouped digits from 1,000. */
    NUMBER;

    private static final Pattern PERCENT_COLUMNS = Pattern.compile(
            "return|vol_\\d+|top5_weight|weight|.*_yield|.*_margin|roe|revenue_growth_yoy|eps_growth_yoy");
    private static final Pattern MONEY_COLUMNS = Pattern.compile(
            "close|price|high_52w|low_52w|market_value|gross_exposure|pnl|equity|market_cap|ev");

    /** The format of a result column, by its name. */
    public static ValueFormat of(String column) {
        if (PERCENT_COLUMNS.matcher(column).matches()) {
            return PERCENT;
        }
        return MONEY_COLUMNS.matcher(column).matches() ? MONEY : NUMBER;
    }

    /** A table cell: the empty string for null. */
    public String cell(Double v) {
        if (v == null) {
            return "";
        }
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v.toString();
        }
        return switch (this) {
            case MONEY -> String.format(Locale.ROOT, Math.abs(v) >= 1e5 ? "%,.0f" : "%,.2f", v);
            case PERCENT -> String.format(Locale.ROOT, "%.2f%%", v * 100);
            case NUMBER -> Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%,.0f", v)
                    : new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        };
    }

    /**
     * An axis label.
     *
     * @param step      the distance between ticks (decides the decimals)
     * @param magnitude the largest absolute value on the axis (decides k, M or B)
     */
    public String tick(double v, double step, double magnitude) {
        if (Math.abs(v) < step / 1e6) {
            return "0";
        }
        if (this == PERCENT) {
            return String.format(Locale.ROOT, "%." + decimals(step * 100) + "f%%", v * 100);
        }
        double unit = magnitude >= 1e9 ? 1e9 : magnitude >= 1e6 ? 1e6 : magnitude >= 1e4 ? 1e3 : 1;
        String suffix = unit == 1e9 ? "B" : unit == 1e6 ? "M" : unit == 1e3 ? "k" : "";
        return String.format(Locale.ROOT, "%,." + decimals(step / unit) + "f", v / unit) + suffix;
    }

    private static int decimals(double step) {
        return Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
    }
}
