package org.finstream.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * One portfolio: market value and equity, gross exposure, daily P&L and return, betas,
 * exposures and volatility over time; the latest row, sector weights and correlations, and the
 * provisional live row while there is one.
 */
public final class PortfolioPage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PortfolioPage() {}

    public static String render(ReportStore store, Site site, String id, DateRange range) throws SQLException {
        Rows days = store.portfolioDays(id, range);
        Page page = Page.of(site, id, days, range).lastRow("Live, provisional", store.provisionalLive(id))
                .lastRow("Latest", days);
        List<LineChart> charts = List.of(
                Charts.of("Market value and equity", ValueFormat.MONEY, days, List.of("market_value", "equity")),
                Charts.of("Gross exposure", ValueFormat.MONEY, days, List.of("gross_exposure")),
                Charts.of("Daily P&L", ValueFormat.MONEY, days, List.of("pnl")),
                Charts.of("Daily return", ValueFormat.PERCENT, days, List.of("return")),
                Charts.of("Market and rates beta", ValueFormat.NUMBER, days, Charts.marketBetas(days)),
                Charts.of("Factor exposures (ridge)", ValueFormat.NUMBER, days, Charts.exposures(days)),
                Charts.of("Volatility (annualized)", ValueFormat.PERCENT, days, Charts.volatility(days)));
        page.section("History").charts(charts);
        if (!days.isEmpty()) {
            page.section("Sector weights: " + days.get(days.size() - 1, "date"))
                    .raw(sectorTable((String) days.get(days.size() - 1, "sector_weights")));
        }
        Rows pairs = store.correlations(id);
        if (!pairs.isEmpty()) {
            page.section("Correlations: " + pairs.get(0, "date")).raw(CorrelationTable.html(pairs));
        }
        return page.html();
    }

    /** The JSON object {sector: weight} as a table, largest weight first, with a bar per weight. */
    private static String sectorTable(String json) {
        Map<String, Double> weights;
        try {
            weights = JSON.readValue(json, new TypeReference<Map<String, Double>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sector_weights is not a JSON object of numbers: " + json, e);
        }
        StringBuilder out = new StringBuilder("<table class=\"sectors\"><thead><tr><th>sector</th><th>weight</th><th>"
                + "</th></tr></thead><tbody>");
        weights.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).forEach(e ->
                out.append("<tr><td>").append(Html.escape(e.getKey())).append("</td><td class=\"num\">")
                        .append(Page.cell("weight", e.getValue())).append("</td><td><span class=\"bar\" style=\"width:")
                        .append(Math.round(Math.min(1, Math.abs(e.getValue())) * 200)).append("px\"></span></td></tr>"));
        return out.append("</tbody></table>").toString();
    }
}
