package org.finstream.report;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** A portfolio's pairwise correlations as a symmetric matrix whose cells are shaded blue (-1) to red (+1). */
final class CorrelationTable {
    private static final int[] NEGATIVE = {37, 99, 235};
    private static final int[] POSITIVE = {220, 38, 38};

    private CorrelationTable() {}

    /** The heat-map table of rows {@code symbol_a, symbol_b, correlation}. */
    static String html(Rows pairs) {
        TreeSet<String> symbols = new TreeSet<>();
        Map<List<String>, Double> correlation = new HashMap<>();
        for (int r = 0; r < pairs.size(); r++) {
            String a = (String) pairs.get(r, "symbol_a");
            String b = (String) pairs.get(r, "symbol_b");
            symbols.add(a);
            symbols.add(b);
            Double c = (Double) pairs.get(r, "correlation");
            correlation.put(List.of(a, b), c);
            correlation.put(List.of(b, a), c);
        }
        StringBuilder out = new StringBuilder("<table class=\"heat\"><thead><tr><th></th>");
        symbols.forEach(s -> out.append("<th>").append(Html.escape(s)).append("</th>"));
        out.append("</tr></thead><tbody>");
        for (String a : symbols) {
            out.append("<tr><th>").append(Html.escape(a)).append("</th>");
            for (String b : symbols) {
                Double c = correlation.get(List.of(a, b));
                if (a.equals(b)) {
                    out.append("<td class=\"self\">1</td>");
                } else {
                    out.append("<td title=\"").append(Html.escape(a + " / " + b)).append('"')
                            .append(c == null ? "" : " style=\"" + shade(c) + "\"").append('>')
                            .append(c == null ? "" : String.format(Locale.ROOT, "%.2f", c)).append("</td>");
                }
            }
            out.append("</tr>");
        }
        return out.append("</tbody></table>").toString();
    }

    /** White at 0, towards red for positive and blue for negative correlations; white text on dark cells. */
    private static String shade(double c) {
        double t = Math.min(1, Math.abs(c));
        int[] target = c < 0 ? NEGATIVE : POSITIVE;
        StringBuilder rgb = new StringBuilder("background:rgb(");
        for (int i = 0; i < 3; i++) {
            rgb.append(i > 0 ? "," : "").append(Math.round(255 + (target[i] - 255) * t));
        }
        return rgb.append(")").append(t > 0.55 ? ";color:#fff" : "").toString();
    }
}
