package org.finstream.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.CsvLine;
import org.finstream.ingest.InputKind;
import org.finstream.ingest.Replay;
import org.postgresql.PGConnection;

/**
 * The Flink SQL peer of the per-symbol daily metrics: parses a folder's price and corporate-action
 * files into rows (nothing else is done in Java), registers them as the views {@code bench_prices}
 * and {@code bench_actions}, runs {@code sql/bench/flink_symbol_daily.sql} (OVER windows) on a
 * local Flink MiniCluster in batch execution mode, and writes the result into PostgreSQL table
 * {@value #TABLE} (bench_symbol_daily's columns and types), to be compared with finstream's
 * {@code symbol_daily} by {@link SqlPeer#compare(Connection, String, double)} with
 * {@link #TOLERANCE}.
 */
public final class FlinkSqlPeer {
    /** The peer's PostgreSQL table. */
    public static final String TABLE = "flinksql_symbol_daily";

    /**
     * Relative tolerance of the comparison with {@code symbol_daily}: the PostgreSQL peer's. The
     * betas' raw sums {@code (n Sxy - Sx Sy) / (n Sxx - Sx^2)} (Flink SQL has no regr_slope) lose
     * little on daily returns, whose mean is small against their spread: the largest difference
     * seen on the test's market is 1.6e-15 relative.
     */
    public static final double TOLERANCE = SqlPeer.TOLERANCE;

    private static final TypeInformation<Row> PRICE_TYPE = Types.ROW_NAMED(
            new String[] {"symbol", "date", "open", "high", "low", "close", "volume"},
            Types.STRING, Types.LOCAL_DATE, Types.DOUBLE, Types.DOUBLE, Types.DOUBLE, Types.DOUBLE, Types.DOUBLE);
    private static final TypeInformation<Row> ACTION_TYPE = Types.ROW_NAMED(
            new String[] {"symbol", "ex_date", "type", "value"},
            Types.STRING, Types.LOCAL_DATE, Types.STRING, Types.DOUBLE);

    /** The peer's table: symbol_daily's names and types for the columns the query computes. */
    private static final String CREATE_TABLE = """
            DROP TABLE IF EXISTS flinksql_symbol_daily;
            CREATE TABLE flinksql_symbol_daily AS
                SELECT symbol, date, close, "return", vol_21, vol_63, vol_252, beta_mkt_90, beta_rates_90,
                       high_52w, low_52w, avg_volume_30, beta_size, beta_value, beta_momentum, beta_quality,
                       beta_low_vol
                FROM symbol_daily WITH NO DATA;
            ALTER TABLE flinksql_symbol_daily ADD PRIMARY KEY (symbol, date)""";
    /** The query's columns, in its (and the table's) order. */
    private static final int COLUMNS = 17;

    private FlinkSqlPeer() {}

    /**
     * What one {@link #run} took.
     *
     * @param loadMillis    parsing the CSV files into rows
     * @param computeMillis planning and running the Flink SQL job on a fresh MiniCluster, until the
     *                      last result row is collected
     * @param writeMillis   writing the result rows into {@value #TABLE} (COPY)
     * @param rows          rows of {@value #TABLE}
     */
    public record Run(long loadMillis, long computeMillis, long writeMillis, long rows) {}

    /**
     * Reads the folder's {@code prices*.csv} and {@code corporate_actions*.csv} (the files
     * {@link Replay#inputFiles} finds; headers as {@link SqlPeer} requires), computes the metrics
     * with Flink SQL at {@code flink.parallelism} with {@code flink.managed-memory}, and (re)creates
     * {@value #TABLE} with the result.
     */
    public static Run run(Connection db, Path inputDir, FinstreamConfig.Flink flink) throws Exception {
        long start = System.nanoTime();
        List<Row> prices = new ArrayList<>();
        List<Row> actions = new ArrayList<>();
        for (Map.Entry<Path, InputKind<?>> f : Replay.inputFiles(inputDir).entrySet()) {
            if (f.getValue() == InputKind.PRICES) {
                read(f.getKey(), SqlPeer.PRICE_COLUMNS, prices);
            } else if (f.getValue() == InputKind.CORPORATE_ACTIONS) {
                read(f.getKey(), SqlPeer.ACTION_COLUMNS, actions);
            }
        }
        String query = SqlPeer.resource("flink_symbol_daily.sql");
        long loaded = System.nanoTime();

        Configuration conf = new Configuration();
        conf.setString("execution.runtime-mode", RuntimeExecutionMode.BATCH.name());
        conf.setString("parallelism.default", Integer.toString(flink.parallelism));
        conf.setString("taskmanager.memory.managed.size", flink.managedMemory);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        tables.createTemporaryView("bench_prices", env.fromData(prices, PRICE_TYPE));
        tables.createTemporaryView("bench_actions", env.fromData(actions, ACTION_TYPE));
        Table result = tables.sqlQuery(query);
        if (result.getResolvedSchema().getColumnCount() != COLUMNS) {
            throw new IllegalStateException("flink_symbol_daily.sql returns " + result.getResolvedSchema()
                    + ", not the " + COLUMNS + " columns of " + TABLE);
        }
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.execute().collect()) {
            it.forEachRemaining(rows::add);
        }
        long computed = System.nanoTime();

        write(db, rows);
        long written = System.nanoTime();
        return new Run((loaded - start) / 1_000_000, (computed - loaded) / 1_000_000, (written - computed) / 1_000_000,
                rows.size());
    }

    /** Parses one CSV file's records into rows of the view's columns (in {@code columns} order). */
    private static void read(Path file, List<String> columns, List<Row> into) throws IOException {
        List<String> header = SqlPeer.header(file, columns);
        int[] at = columns.stream().mapToInt(header::indexOf).toArray();
        boolean prices = columns == SqlPeer.PRICE_COLUMNS;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.readLine();
            int number = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> f = CsvLine.split(line);
                if (f == null || f.size() != header.size()) {
                    throw new IOException(file + " line " + number + ": expected " + header.size() + " fields");
                }
                try {
                    into.add(prices
                            ? Row.of(f.get(at[0]), LocalDate.parse(f.get(at[1]).strip()), num(f, at[2]),
                                    num(f, at[3]), num(f, at[4]), num(f, at[5]), num(f, at[6]))
                            : Row.of(f.get(at[0]), LocalDate.parse(f.get(at[1]).strip()), f.get(at[2]), num(f, at[3])));
                } catch (RuntimeException e) {
                    throw new IOException(file + " line " + number + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static double num(List<String> fields, int i) {
        return Double.parseDouble(fields.get(i).strip());
    }

    /** A value in COPY's text format. */
    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** (Re)creates {@value #TABLE} and COPYs the rows in (text format; shortest round-trip doubles). */
    private static void write(Connection db, List<Row> rows) throws SQLException, IOException {
        try (Statement st = db.createStatement()) {
            st.execute(CREATE_TABLE);
        }
        StringBuilder text = new StringBuilder(rows.size() * 200);
        for (Row row : rows) {
            for (int i = 0; i < COLUMNS; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                Object v = row.getField(i);
                text.append(v == null ? "\\N" : escape(v.toString()));
            }
            text.append('\n');
        }
        db.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + TABLE + " FROM STDIN",
                new StringReader(text.toString()));
    }
}
