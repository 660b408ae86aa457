package org.finstream.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A line chart of one or more series over dates, as an inline SVG element: title, value and
 * date ticks, a legend with each series' latest value. A null value breaks its line (one
 * {@code <path class="line">} per run of values), and a chart without any value says "no data".
 * The element carries its data as JSON in {@code data-series}:
 * {@code {"title": ..., "dates": [...], "series": [{"name": ..., "values": [...]}]}}.
 */
public final class LineChart {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] COLORS = {"#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2",
        "#db2777", "#65a30d"};
    private static final int WIDTH = 600;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 34;
    private static final int PLOT_HEIGHT = 190;
    private static final int LEGEND_ROW = 18;
    private static final int LEGEND_TOP = TOP + PLOT_HEIGHT + 40;

    private record Series(String name, List<Double> values, boolean band) {}

    /** A legend entry and where its baseline starts. */
    private record LegendItem(String name, String color, String label, double x, double y) {}

    private final String title;
    private final ValueFormat format;
    private final List<LocalDate> dates;
    private final List<Series> series = new ArrayList<>();

    public LineChart(String title, ValueFormat format, List<LocalDate> dates) {
        this.title = title;
        this.format = format;
        this.dates = List.copyOf(dates);
    }

    /** Adds a series: one value (or null) per date. */
    public LineChart line(String name, List<Double> values) {
        return add(new Series(name, values, false));
    }

    /** Adds two series drawn as a shaded band between them (e.g. the 52-week high and low). */
    public LineChart band(String upper, List<Double> upperValues, String lower, List<Double> lowerValues) {
        add(new Series(upper, upperValues, true));
        return add(new Series(lower, lowerValues, true));
    }

    private LineChart add(Series s) {
        if (s.values().size() != dates.size()) {
            throw new IllegalArgumentException(s.name() + ": " + s.values().size() + " values for " + dates.size()
                    + " dates");
        }
        series.add(s);
        return this;
    }

    public String svg() {
        List<LegendItem> legend = legend();
        int height = (int) (legend.isEmpty() ? LEGEND_TOP : legend.get(legend.size() - 1).y()) + 10;
        StringBuilder svg = new StringBuilder(8192);
        svg.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\" data-series=\"")
                .append(Html.escape(data())).append("\"><title>").append(Html.escape(title)).append("</title>")
                .append("<text class=\"title\" x=\"").append(LEFT).append("\" y=\"20\">").append(Html.escape(title))
                .append("</text>");
        double[] range = valueRange();
        if (range == null) {
            svg.append(frame()).append("<text class=\"empty\" x=\"").append(LEFT + plotWidth() / 2).append("\" y=\"")
                    .append(TOP + PLOT_HEIGHT / 2).append("\">no data</text>");
        } else {
            Ticks.Values axis = Ticks.values(range[0], range[1], 5);
            Plot plot = new Plot(dates.get(0).toEpochDay(), dates.get(dates.size() - 1).toEpochDay(), axis);
            svg.append(valueAxis(axis, plot)).append(dateAxis(plot)).append(frame()).append(bands(plot));
            for (int i = 0; i < series.size(); i++) {
                svg.append(lines(series.get(i), plot, color(i)));
            }
        }
        legend.forEach(item -> appendLegendItem(svg, item));
        return svg.append("</svg>").toString();
    }

    /** Chart coordinates of a date (epoch day) and a value. */
    private record Plot(long firstDay, long lastDay, Ticks.Values axis) {
        double x(long epochDay) {
            return lastDay == firstDay ? LEFT + plotWidth() / 2.0
                    : LEFT + (double) (epochDay - firstDay) / (lastDay - firstDay) * plotWidth();
        }

        double y(double v) {
            return TOP + PLOT_HEIGHT - (v - axis.min()) / (axis.max() - axis.min()) * PLOT_HEIGHT;
        }
    }

    private static int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static String color(int i) {
        return COLORS[i % COLORS.length];
    }

    private String data() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("title", title);
        data.put("dates", dates.stream().map(LocalDate::toString).toList());
        data.put("series", series.stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("values", s.values());
            return m;
        }).toList());
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** [min, max] over every value, or null when there is none. */
    private double[] valueRange() {
        double[] range = null;
        for (Series s : series) {
            for (Double v : s.values()) {
                if (present(v)) {
                    range = range == null ? new double[] {v, v}
                            : new double[] {Math.min(range[0], v), Math.max(range[1], v)};
                }
            }
        }
        return range;
    }

    private static String frame() {
        return "<rect class=\"frame\" x=\"" + LEFT + "\" y=\"" + TOP + "\" width=\"" + plotWidth() + "\" height=\""
                + PLOT_HEIGHT + "\"/>";
    }

    private String valueAxis(Ticks.Values axis, Plot plot) {
        StringBuilder out = new StringBuilder();
        for (double v : axis.ticks()) {
            String y = num(plot.y(v));
            out.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotWidth())
                    .append("\" y1=\"").append(y).append("\" y2=\"").append(y).append("\"/>")
                    .append("<text class=\"ytick\" x=\"").append(LEFT - 6).append("\" y=\"").append(y).append("\">")
                    .append(Html.escape(format.tick(v, axis.step(), axis.magnitude()))).append("</text>");
        }
        return out.toString();
    }

    private String dateAxis(Plot plot) {
        StringBuilder out = new StringBuilder();
        int bottom = TOP + PLOT_HEIGHT;
        for (Ticks.DateTick t : Ticks.dates(dates.get(0), dates.get(dates.size() - 1))) {
            double at = plot.x(t.date().toEpochDay());
            if (at + t.label().length() * 3.5 > WIDTH) {
                continue; // its label would be cut off at the right edge
            }
            String x = num(at);
            out.append("<line class=\"tick\" x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"")
                    .append(bottom).append("\" y2=\"").append(bottom + 5).append("\"/>")
                    .append("<text class=\"xtick\" x=\"").append(x).append("\" y=\"").append(bottom + 18)
                    .append("\">").append(Html.escape(t.label())).append("</text>");
        }
        return out.toString();
    }

    /** One path per run of non-null values, and a dot on the last value. */
    private String lines(Series s, Plot plot, String color) {
        StringBuilder out = new StringBuilder();
        StringBuilder d = new StringBuilder();
        int last = -1;
        for (int i = 0; i <= dates.size(); i++) {
            Double v = i < dates.size() ? s.values().get(i) : null;
            if (!present(v)) {
                if (!d.isEmpty()) {
                    out.append("<path class=\"line").append(s.band() ? " edge" : "").append("\" data-name=\"")
                            .append(Html.escape(s.name())).append("\" stroke=\"").append(color).append("\" d=\"")
                            .append(d).append("\"/>");
                    d.setLength(0);
                }
                continue;
            }
            boolean single = d.isEmpty() && (i + 1 == dates.size() || !present(s.values().get(i + 1)));
            last = i;
            d.append(d.isEmpty() ? "M" : " L").append(point(plot, i, s))
                    .append(single ? " h0" : ""); // h0: a lone value is drawn as a dot
        }
        if (last >= 0 && !s.band()) {
            out.append("<circle class=\"last\" cx=\"").append(num(plot.x(dates.get(last).toEpochDay())))
                    .append("\" cy=\"").append(num(plot.y(s.values().get(last)))).append("\" r=\"2.5\" fill=\"")
                    .append(color).append("\"/>");
        }
        return out.toString();
    }

    /** The area between the two band series where both have a value. */
    private String bands(Plot plot) {
        List<Series> band = series.stream().filter(Series::band).toList();
        if (band.size() != 2) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        List<Integer> run = new ArrayList<>();
        for (int i = 0; i <= dates.size(); i++) {
            if (i < dates.size() && present(band.get(0).values().get(i)) && present(band.get(1).values().get(i))) {
                run.add(i);
                continue;
            }
            if (!run.isEmpty()) {
                StringBuilder d = new StringBuilder();
                for (int k = 0; k < run.size(); k++) {
                    d.append(k == 0 ? "M" : " L").append(point(plot, run.get(k), band.get(0)));
                }
                for (int k = run.size() - 1; k >= 0; k--) {
                    d.append(" L").append(point(plot, run.get(k), band.get(1)));
                }
                out.append("<path class=\"band\" d=\"").append(d).append(" Z\"/>");
                run.clear();
            }
        }
        return out.toString();
    }

    private String point(Plot plot, int i, Series s) {
        return num(plot.x(dates.get(i).toEpochDay())) + "," + num(plot.y(s.values().get(i)));
    }

    /**
     * Each series' name, colour and latest value ("no data" without one), left to right below
     * the plot, wrapping at the chart's width.
     */
    private List<LegendItem> legend() {
        List<LegendItem> items = new ArrayList<>();
        double x = LEFT;
        double y = LEGEND_TOP;
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            Double last = null;
            for (Double v : s.values()) {
                last = present(v) ? v : last;
            }
            String label = s.name() + " " + (last == null ? "(no data)" : format.cell(last));
            double width = itemWidth(label);
            if (x + width > WIDTH && x > LEFT) {
                x = LEFT;
                y += LEGEND_ROW;
            }
            items.add(new LegendItem(s.name(), color(i), label, x, y));
            x += width;
        }
        return items;
    }

    private static void appendLegendItem(StringBuilder svg, LegendItem item) {
        String lineY = num(item.y() - 4);
        svg.append("<g class=\"legend\" data-name=\"").append(Html.escape(item.name())).append("\"><line x1=\"")
                .append(num(item.x())).append("\" x2=\"").append(num(item.x() + 16)).append("\" y1=\"").append(lineY)
                .append("\" y2=\"").append(lineY).append("\" stroke=\"").append(item.color()).append("\"/><text x=\"")
                .append(num(item.x() + 21)).append("\" y=\"").append(num(item.y())).append("\">")
                .append(Html.escape(item.label())).append("</text></g>");
    }

    /** Swatch, gap and an estimate of the text's width at 12 px. */
    private static double itemWidth(String label) {
        return 21 + label.length() * 7.2 + 16;
    }

    private static boolean present(Double v) {
        return v != null && Double.isFinite(v);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
