package org.finstream.analytics;

/** Total return with corporate actions (METRICS.md section 3). */
public final class TotalReturn {
    private TotalReturn() {}

    /**
     * {@code r_d = (c_d + D_d) * s_d / c_{d-1} - 1}.
     *
     * @param previousClose c_{d-1}, the close of the symbol's previous trading day
     * @param close         c_d
     * @param splitRatio    s_d, new shares per old share with ex-date d (1 if none)
     * @param dividend      D_d, cash per (post-split) share with ex-date d (0 if none)
     */
    public static double of(double previousClose, double close, double splitRatio, double dividend) {
        return (close + dividend) * splitRatio / previousClose - 1.0;
    }
}
