package org.finstream.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.finstream.config.FinstreamConfig;
import org.finstream.runtime.Schema;

/**
 * The queries behind the pages, on one read-only connection. Every value from outside is a
 * bound parameter of a prepared statement; table and column names are constants.
 */
public final class ReportStore implements AutoCloseable {
    private final Connection db;

    private ReportStore(Connection db) {
        this.db = db;
    }

    public static ReportStore open(FinstreamConfig.Postgres postgres) throws SQLException {
        Connection db = Schema.connect(postgres);
        try {
            db.setReadOnly(true);
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        return new ReportStore(db);
    }

    /** The latest row of every symbol, by symbol. */
    public Rows latestSymbols() throws SQLException {
        return query("SELECT DISTINCT ON (symbol) * FROM symbol_daily ORDER BY symbol, date DESC");
    }

    /** The latest row of every portfolio, by portfolio id. */
    public Rows latestPortfolios() throws SQLException {
        return query("SELECT DISTINCT ON (portfolio_id) * FROM portfolio_daily ORDER BY portfolio_id, date DESC");
    }

    /** Throws SQLException when a table the pages read is missing (e.g. the schema was never applied). */
    public void checkTables() throws SQLException {
        for (String table : List.of("symbol_daily", "valuation_daily", "portfolio_daily", "portfolio_live",
                "portfolio_correlations")) {
            query("SELECT 1 FROM " + table + " LIMIT 1");
        }
    }

    /** Every symbol with a row, in order. */
    public List<String> symbols() throws SQLException {
        return names("SELECT DISTINCT symbol FROM symbol_daily ORDER BY symbol");
    }

    /** Every portfolio with a daily row, in order. */
    public List<String> portfolios() throws SQLException {
        return names("SELECT DISTINCT portfolio_id FROM portfolio_daily ORDER BY portfolio_id");
    }

    private List<String> names(String sql) throws SQLException {
        Rows rows = query(sql);
        List<String> names = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            names.add((String) rows.get(r, rows.columns().get(0)));
        }
        return names;
    }

    public boolean symbolExists(String symbol) throws SQLException {
        return !query("SELECT 1 FROM symbol_daily WHERE symbol = ? LIMIT 1", symbol).isEmpty();
    }

    public boolean portfolioExists(String id) throws SQLException {
        return !query("SELECT 1 FROM portfolio_daily WHERE portfolio_id = ? UNION ALL"
                + " SELECT 1 FROM portfolio_live WHERE portfolio_id = ? LIMIT 1", id, id).isEmpty();
    }

    /** A symbol's rows in the range, by date. */
    public Rows symbolDays(String symbol, DateRange range) throws SQLException {
        return inRange("SELECT * FROM symbol_daily WHERE symbol = ?", symbol, range);
    }

    public Rows latestValuation(String symbol) throws SQLException {
        return query("SELECT * FROM valuation_daily WHERE symbol = ? ORDER BY date DESC LIMIT 1", symbol);
    }

    /** A portfolio's rows in the range, by date. */
    public Rows portfolioDays(String id, DateRange range) throws SQLException {
        return inRange("SELECT * FROM portfolio_daily WHERE portfolio_id = ?", id, range);
    }

    /** The portfolio's current pairwise correlations (written as one set, as of their date). */
    public Rows correlations(String id) throws SQLException {
        return query("SELECT symbol_a, symbol_b, date, correlation FROM portfolio_correlations WHERE portfolio_id = ?"
                + " ORDER BY symbol_a, symbol_b", id);
    }

    /** The portfolio's latest live row while it is provisional (the market is open), else no row. */
    public Rows provisionalLive(String id) throws SQLException {
        return query("SELECT * FROM (SELECT * FROM portfolio_live WHERE portfolio_id = ? ORDER BY date DESC LIMIT 1) l"
                + " WHERE provisional", id);
    }

    private Rows inRange(String select, String key, DateRange range) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(select + " AND date BETWEEN coalesce(?, '-infinity'::date)"
                + " AND coalesce(?, 'infinity'::date) ORDER BY date")) {
            st.setString(1, key);
            st.setObject(2, range.from(), Types.DATE);
            st.setObject(3, range.to(), Types.DATE);
            return read(st);
        }
    }

    private Rows query(String sql, String... parameters) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setString(i + 1, parameters[i]);
            }
            return read(st);
        }
    }

    private static Rows read(PreparedStatement st) throws SQLException {
        try (ResultSet rs = st.executeQuery()) {
            return Rows.read(rs);
        }
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
