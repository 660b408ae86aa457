package org.finstream.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** One HTML5 page under construction. Every value from the database is escaped on the way in. */
final class Page {
    private static final String CSS = css();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Site site;
    private final String title;
    private final StringBuilder main = new StringBuilder(64 * 1024);

    Page(Site site, String title) {
        this.site = site;
        this.title = title;
    }

    private static String css() {
        try (InputStream in = Page.class.getResourceAsStream("report.css")) {
            if (in == null) {
                throw new IllegalStateException("report.css is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page of a symbol or portfolio: its name, the dates shown and, when served, a form to pick others. */
    static Page of(Site site, String name, Rows days, DateRange range) {
        return new Page(site, name).heading(name, Charts.describe(days, range)).rangeForm(range);
    }

    Page heading(String text, String meta) {
        main.append("<h1>").append(Html.escape(text)).append("</h1><p class=\"meta\">").append(Html.escape(meta))
                .append("</p>");
        return this;
    }

    Page section(String heading) {
        main.append("<h2>").append(Html.escape(heading)).append("</h2>");
        return this;
    }

    Page note(String text) {
        main.append("<p class=\"meta\">").append(Html.escape(text)).append("</p>");
        return this;
    }

    /** Markup built by the caller, with its values already escaped. */
    Page raw(String html) {
        main.append(html);
        return this;
    }

    /** The from/to form of a served page (files have no server to ask for another range). */
    private Page rangeForm(DateRange range) {
        if (site.served()) {
            main.append("<form class=\"range\" method=\"get\">from <input type=\"date\" name=\"from\" value=\"")
                    .append(range.from() == null ? "" : range.from()).append("\"> to <input type=\"date\" name=\"to\""
                    + " value=\"").append(range.to() == null ? "" : range.to()).append("\"> <button>show</button></form>");
        }
        return this;
    }

    Page charts(List<LineChart> charts) {
        main.append("<div class=\"charts\">");
        charts.forEach(c -> main.append("<figure>").append(c.svg()).append("</figure>"));
        main.append("</div>");
        return this;
    }

    /**
     * A table of some columns of the rows; the cells of {@code linkColumn} link to
     * {@code link.apply(value)} when that is not null.
     */
    Page table(Rows rows, List<String> columns, String linkColumn, Function<String, String> link) {
        main.append("<table><thead><tr>");
        columns.forEach(c -> main.append("<th>").append(Html.escape(c)).append("</th>"));
        main.append("</tr></thead><tbody>");
        for (int r = 0; r < rows.size(); r++) {
            main.append("<tr>");
            for (String c : columns) {
                Object v = rows.get(r, c);
                String text = cell(c, v);
                String href = c.equals(linkColumn) && v != null ? link.apply(v.toString()) : null;
                main.append(v instanceof Number ? "<td class=\"num\">" : "<td>")
                        .append(href == null ? text : "<a href=\"" + Html.escape(href) + "\">" + text + "</a>")
                        .append("</td>");
            }
            main.append("</tr>");
        }
        main.append("</tbody></table>");
        return this;
    }

    /** A section "HEADING: DATE" with the values of the last row as name/value pairs; nothing without rows. */
    Page lastRow(String heading, Rows rows) {
        if (rows.isEmpty()) {
            return this;
        }
        int r = rows.size() - 1;
        section(heading + ": " + rows.get(r, "date"));
        main.append("<dl class=\"facts\">");
        for (String c : Charts.facts(rows)) {
            Object v = rows.get(r, c);
            main.append("<div><dt>").append(Html.escape(c)).append("</dt><dd>").append(v == null ? "&mdash;" : cell(c, v))
                    .append("</dd></div>");
        }
        main.append("</dl>");
        return this;
    }

    /** A value as escaped text: numbers by their column's format, booleans as yes/no, null as empty. */
    static String cell(String column, Object v) {
        if (v instanceof Double d) {
            return Html.escape(ValueFormat.of(column).cell(d));
        }
        if (v instanceof Number n) {
            return Html.escape(ValueFormat.NUMBER.cell(n.doubleValue()));
        }
        if (v instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        if (v instanceof Instant t) {
            return TIME.format(t);
        }
        return v == null ? "" : Html.escape(v);
    }

    String html() {
        StringBuilder page = new StringBuilder(main.length() + CSS.length() + 1024);
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        if (site.refreshSeconds() > 0) {
            page.append("<meta http-equiv=\"refresh\" content=\"").append(site.refreshSeconds()).append("\">");
        }
        page.append("<title>").append(Html.escape(title)).append(" - finstream</title><style>").append(CSS)
                .append("</style></head><body><header><a href=\"").append(Html.escape(site.links().index()))
                .append("\">finstream</a> <span class=\"crumb\">/ ").append(Html.escape(title))
                .append("</span></header><main>").append(main).append("</main><footer>Rendered from PostgreSQL at ")
                .append(TIME.format(Instant.now()));
        if (site.refreshSeconds() > 0) {
            page.append(", refreshed every ").append(site.refreshSeconds()).append(" s");
        }
        return page.append(".</footer></body></html>\n").toString();
    }
}
