package org.finstream.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.finstream.ingest.CsvLine;
import org.finstream.ingest.InputKind;
import org.finstream.ingest.Replay;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The nightly-batch peer of the per-symbol daily metrics: loads a folder of input files into
 * PostgreSQL and computes {@code bench_symbol_daily} with {@code sql/bench/symbol_daily.sql}
 * (window functions over the whole history; no ridge columns), then compares it with finstream's
 * {@code symbol_daily} in the same database. Both SQL files are read from the classpath, where
 * the build puts the project's {@code sql} folder.
 */
public final class SqlPeer {
    /** Relative tolerance of {@link #compare}: {@code |a-b| <= TOLERANCE * max(1, |a|, |b|)}. */
    public static final double TOLERANCE = 1e-9;
    static final List<String> PRICE_COLUMNS = List.of("symbol", "date", "open", "high", "low", "close",
            "volume");
    static final List<String> ACTION_COLUMNS = List.of("symbol", "ex_date", "type", "value");
    /** Differences named by {@link Comparison#toString()}. */
    private static final int FIRST_DIFFERENCES = 5;

    private SqlPeer() {}

    /**
     * What one {@link #run} took.
     *
     * @param loadMillis    creating and filling {@code bench_prices} and {@code bench_actions}
     * @param computeMillis running {@code symbol_daily.sql}
     * @param rows          rows of {@code bench_symbol_daily}
     */
    public record Run(long loadMillis, long computeMillis, long rows) {}

    /**
     * Loads the folder's {@code prices*.csv} and {@code corporate_actions*.csv} (the files
     * {@link Replay#inputFiles} finds, in its order) with COPY, then computes
     * {@code bench_symbol_daily}. The price files must hold daily bars only: their header must
     * name exactly {@code symbol,date,open,high,low,close,volume}, in any order.
     */
    public static Run run(Connection db, Path inputDir) throws IOException, SQLException {
        long start = System.nanoTime();
        execute(db, "inputs.sql");
        CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
        for (Map.Entry<Path, InputKind<?>> f : Replay.inputFiles(inputDir).entrySet()) {
            if (f.getValue() == InputKind.PRICES) {
                copy(copy, f.getKey(), "bench_prices", PRICE_COLUMNS);
            } else if (f.getValue() == InputKind.CORPORATE_ACTIONS) {
                copy(copy, f.getKey(), "bench_actions", ACTION_COLUMNS);
            }
        }
        long loaded = System.nanoTime();
        execute(db, "symbol_daily.sql");
        long computed = System.nanoTime();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM bench_symbol_daily")) {
            rs.next();
            return new Run((loaded - start) / 1_000_000, (computed - loaded) / 1_000_000, rs.getLong(1));
        }
    }

    private static void execute(Connection db, String file) throws IOException, SQLException {
        String sql = resource(file);
        try (Statement st = db.createStatement()) {
            st.execute(sql);
        }
    }

    /** The text of {@code sql/bench/FILE}, from the classpath. */
    static String resource(String file) throws IOException {
        try (InputStream in = SqlPeer.class.getResourceAsStream("/sql/bench/" + file)) {
            if (in == null) {
                throw new IOException("sql/bench/" + file + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** COPY of one CSV file, its columns named by its header. */
    private static void copy(CopyManager copy, Path file, String table, List<String> columns)
            throws IOException, SQLException {
        List<String> header = header(file, columns);
        try (InputStream in = Files.newInputStream(file)) {
            copy.copyIn("COPY " + table + " (" + String.join(", ", header) + ") FROM STDIN (FORMAT csv, HEADER true)",
                    in);
        }
    }

    /**
     * The header of a CSV file, lower case, which must name exactly {@code columns} (in any order):
     * the input files a peer reads ({@link #PRICE_COLUMNS}, {@link #ACTION_COLUMNS}).
     */
    static List<String> header(Path file, List<String> columns) throws IOException {
        List<String> header;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            List<String> fields = line == null ? null : CsvLine.split(line.replace("\uFEFF", ""));
            header = fields == null ? List.of()
                    : fields.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        }
        if (header.size() != columns.size() || !Set.copyOf(header).equals(Set.copyOf(columns))) {
            throw new IOException(file + ": the SQL peer loads a header of exactly " + columns + ", not " + header);
        }
        return header;
    }

    /**
     * How a peer's table ({@code bench_symbol_daily}, {@code flinksql_symbol_daily}) differs from
     * {@code symbol_daily}.
     *
     * @param peerTable        the peer's table
     * @param tolerance        the relative tolerance the values were compared with
     * @param rows             keys (symbol, date) in both tables
     * @param onlyInPeer       keys only in the peer's table
     * @param onlyInProduct    keys only in {@code symbol_daily}
     * @param columns          per column of the peer's table, in table order, over the common keys
     * @param firstDifferences as text, by key: up to 5 keys in one table only, then up to 5 differing values
     */
    public record Comparison(String peerTable, double tolerance, long rows, long onlyInPeer, long onlyInProduct, Map<String, ColumnDifference> columns,
                             List<String> firstDifferences) {

        /**
         * One column's differences.
         *
         * @param differing   values that differ: null against non-null, or beyond the tolerance
         * @param maxRelative the largest {@code |a-b| / max(1, |a|, |b|)} over the rows where
         *                    both are non-null (0 when there are none)
         */
        public record ColumnDifference(long differing, double maxRelative) {}

        /** Same keys and no differing value. */
        public boolean matches() {
            return onlyInPeer == 0 && onlyInProduct == 0 && differingValues() == 0;
        }

        /** Differing values over all columns. */
        public long differingValues() {
            return columns.values().stream().mapToLong(ColumnDifference::differing).sum();
        }

        @Override
        public String toString() {
            String differing = columns.entrySet().stream().filter(e -> e.getValue().differing() > 0)
                    .map(e -> e.getKey() + " " + e.getValue().differing()).collect(Collectors.joining(", "));
            String relative = columns.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue().maxRelative()).collect(Collectors.joining(", "));
            return String.format(Locale.ROOT, "%s vs symbol_daily (tolerance %s): %s; %d rows in both, %d only in"
                            + " %s, %d only in symbol_daily; differing values: %s; max relative difference: %s%s",
                    peerTable, tolerance, matches() ? "match" : "DIFFER", rows, onlyInPeer, peerTable, onlyInProduct,
                    differing.isEmpty() ? "none" : differing, relative,
                    firstDifferences.isEmpty() ? "" : "; first differences: " + String.join("; ", firstDifferences));
        }
    }

    /** {@link #compare(Connection, String, double)} of {@code bench_symbol_daily} with {@link #TOLERANCE}. */
    public static Comparison compare(Connection db) throws SQLException {
        return compare(db, "bench_symbol_daily", TOLERANCE);
    }

    /**
     * Compares a peer's table ({@code symbol}, {@code date} and value columns named as in
     * {@code symbol_daily}) with {@code symbol_daily} in the same database: the key sets, and
     * every column of the peer's table (null against non-null is a difference; two values differ
     * when {@code |a-b| > tolerance * max(1, |a|, |b|)}).
     */
    public static Comparison compare(Connection db, String peerTable, double tolerance) throws SQLException {
        if (!peerTable.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain table name: " + peerTable);
        }
        List<String> columns = new ArrayList<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + peerTable + " LIMIT 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String c = meta.getColumnName(i);
                if (!c.equals("symbol") && !c.equals("date")) {
                    columns.add(c);
                }
            }
        }
        String join = " FROM " + peerTable + " p FULL JOIN symbol_daily s ON p.symbol = s.symbol AND p.date = s.date";
        String both = "p.symbol IS NOT NULL AND s.symbol IS NOT NULL";
        StringBuilder summary = new StringBuilder("SELECT count(*) FILTER (WHERE " + both + "),"
                + " count(*) FILTER (WHERE s.symbol IS NULL), count(*) FILTER (WHERE p.symbol IS NULL)");
        List<String> values = new ArrayList<>(); // (position, name, peer value, product value) per column
        for (int i = 0; i < columns.size(); i++) {
            String c = columns.get(i);
            String a = "p.\"" + c + "\"";
            String b = "s.\"" + c + "\"";
            summary.append(", count(*) FILTER (WHERE ").append(both).append(" AND ").append(differs(a, b, tolerance)).append(')')
                    .append(", coalesce(max(abs(").append(a).append(" - ").append(b).append(") / ")
                    .append(scale(a, b)).append("), 0)");
            values.add("(" + i + ", '" + c + "', " + a + ", " + b + ")");
        }
        try (Statement st = db.createStatement()) {
            long rows;
            long onlyInPeer;
            long onlyInProduct;
            Map<String, Comparison.ColumnDifference> perColumn = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery(summary + join)) {
                rs.next();
                rows = rs.getLong(1);
                onlyInPeer = rs.getLong(2);
                onlyInProduct = rs.getLong(3);
                for (int i = 0; i < columns.size(); i++) {
                    perColumn.put(columns.get(i),
                            new Comparison.ColumnDifference(rs.getLong(4 + 2 * i), rs.getDouble(5 + 2 * i)));
                }
            }
            List<String> first = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT coalesce(p.symbol, s.symbol) AS symbol,"
                    + " coalesce(p.date, s.date) AS date, p.symbol IS NULL" + join
                    + " WHERE p.symbol IS NULL OR s.symbol IS NULL ORDER BY 1, 2 LIMIT " + FIRST_DIFFERENCES)) {
                while (rs.next()) {
                    first.add(rs.getString(1) + " " + rs.getString(2) + " only in "
                            + (rs.getBoolean(3) ? "symbol_daily" : peerTable));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT p.symbol, p.date, v.name, v.peer, v.product" + join
                    + " CROSS JOIN LATERAL (VALUES " + String.join(", ", values) + ") v(i, name, peer, product)"
                    + " WHERE " + both + " AND " + differs("v.peer", "v.product", tolerance)
                    + " ORDER BY 1, 2, v.i LIMIT " + FIRST_DIFFERENCES)) {
                while (rs.next()) {
                    first.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + ": "
                            + rs.getObject(4) + " (" + peerTable + ") vs " + rs.getObject(5) + " (symbol_daily)");
                }
            }
            return new Comparison(peerTable, tolerance, rows, onlyInPeer, onlyInProduct, perColumn, first);
        }
    }

    /** SQL: a and b differ (exactly one is null, or both are non-null and beyond the tolerance). */
    private static String differs(String a, String b, double tolerance) {
        return "((" + a + " IS NULL) <> (" + b + " IS NULL) OR abs(" + a + " - " + b + ") > " + tolerance
                + "::float8 * " + scale(a, b) + ")";
    }

    private static String scale(String a, String b) {
        return "greatest(1, abs(" + a + "), abs(" + b + "))";
    }
}
