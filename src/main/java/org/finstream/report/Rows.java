package org.finstream.report;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The rows of one query, with the column names of its result set (so columns that depend on
 * the configuration, such as {@code vol_N} or {@code exp_<factor>}, are found by name). Values
 * are Double, Integer, Long, LocalDate, Instant, Boolean or String; SQL NULL is null.
 */
public record Rows(List<String> columns, List<Object[]> rows) {
    public static Rows read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(md.getColumnLabel(i));
        }
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
            Object[] row = new Object[columns.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = value(rs, i + 1, md.getColumnType(i + 1));
            }
            rows.add(row);
        }
        return new Rows(List.copyOf(columns), List.copyOf(rows));
    }

    private static Object value(ResultSet rs, int i, int sqlType) throws SQLException {
        switch (sqlType) {
            case Types.DATE:
                return rs.getObject(i, LocalDate.class);
            case Types.TIMESTAMP:
            case Types.TIMESTAMP_WITH_TIMEZONE: {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? null : t.toInstant();
            }
            case Types.OTHER: // jsonb
                return rs.getString(i);
            default:
                return rs.getObject(i);
        }
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public int size() {
        return rows.size();
    }

    /** The columns whose name passes the test, in result set order. */
    public List<String> columns(Predicate<String> test) {
        return columns.stream().filter(test).toList();
    }

    public Object get(int row, String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + column + " in " + columns);
        }
        return rows.get(row)[i];
    }

    /** A numeric column as doubles, null where the row has none. */
    public List<Double> doubles(String column) {
        List<Double> values = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            Object v = get(r, column);
            values.add(v == null ? null : ((Number) v).doubleValue());
        }
        return values;
    }

    public List<LocalDate> dates(String column) {
        List<LocalDate> values = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            values.add((LocalDate) get(r, column));
        }
        return values;
    }
}
