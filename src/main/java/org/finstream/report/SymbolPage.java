package org.finstream.report;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** One symbol: close with its 52-week range, volatilities, betas, exposures, the latest row and valuation. */
public final class SymbolPage {
    private SymbolPage() {}

    public static String render(ReportStore store, Site site, String symbol, DateRange range) throws SQLException {
        Rows days = store.symbolDays(symbol, range);
        Page page = Page.of(site, symbol, days, range).lastRow("Latest", days);
        LineChart price = new LineChart("Close and 52-week range", ValueFormat.MONEY, days.dates("date"))
                .line("close", days.doubles("close"));
        if (days.columns().containsAll(List.of("high_52w", "low_52w"))) {
            price.band("high_52w", days.doubles("high_52w"), "low_52w", days.doubles("low_52w"));
        }
        List<LineChart> charts = new ArrayList<>(List.of(price,
                Charts.of("Volatility (annualized)", ValueFormat.PERCENT, days, Charts.volatility(days)),
                Charts.of("Market and rates beta", ValueFormat.NUMBER, days, Charts.marketBetas(days))));
        if (!Charts.exposures(days).isEmpty()) {
            charts.add(Charts.of("Factor exposures (ridge)", ValueFormat.NUMBER, days, Charts.exposures(days)));
        }
        return page.section("History").charts(charts).lastRow("Valuation", store.latestValuation(symbol)).html();
    }
}
