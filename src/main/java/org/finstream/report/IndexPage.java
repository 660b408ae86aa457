package org.finstream.report;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The overview: the latest row of every symbol and every portfolio, linked to their pages. */
public final class IndexPage {
    private IndexPage() {}

    public static String render(ReportStore store, Site site) throws SQLException {
        Rows symbols = store.latestSymbols();
        Rows portfolios = store.latestPortfolios();
        Page page = new Page(site, "overview")
                .heading("Markets and portfolios", symbols.size() + " symbols, " + portfolios.size()
                        + " portfolios; the latest row of each");
        List<String> symbolColumns = new ArrayList<>(List.of("symbol", "date", "close", "return"));
        symbolColumns.addAll(Charts.volatility(symbols));
        symbolColumns.addAll(symbols.columns(c -> c.matches("beta_mkt_\\d+")));
        page.section("Symbols");
        if (symbols.isEmpty()) {
            page.note("symbol_daily has no rows yet.");
        } else {
            page.table(symbols, symbolColumns, "symbol", site.links()::symbol);
        }
        List<String> portfolioColumns = new ArrayList<>(List.of("portfolio_id", "date", "market_value", "pnl",
                "return"));
        portfolioColumns.addAll(Charts.marketBetas(portfolios));
        page.section("Portfolios");
        if (portfolios.isEmpty()) {
            page.note("portfolio_daily has no rows yet.");
        } else {
            page.table(portfolios, portfolioColumns, "portfolio_id", site.links()::portfolio);
        }
        return page.html();
    }
}
