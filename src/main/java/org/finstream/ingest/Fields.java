package org.finstream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;
import org.finstream.records.ErrorCode;
import org.finstream.records.Symbols;

/**
 * Typed, validated access to the named fields of one input record, whether it arrived as a
 * CSV line (fields in the topic's canonical order) or as a JSON object.
 */
public abstract class Fields {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    /** The field's text, or null when it is absent or a JSON null. */
    protected abstract String raw(String name);

    public static Fields csv(List<String> columns, List<String> values) {
        return new Fields() {
            @Override
            protected String raw(String name) {
                int i = columns.indexOf(name);
                return i < 0 || i >= values.size() ? null : values.get(i);
            }
        };
    }

    public static Fields json(JsonNode object) {
        return new Fields() {
            @Override
            protected String raw(String name) {
                JsonNode n = object.get(name);
                return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
            }
        };
    }

    /** A present, non-empty value; the literal {@code null} counts as missing. */
    public String text(String name) throws InvalidRecordException {
        String v = optionalText(name);
        if (v == null) {
            throw new InvalidRecordException(ErrorCode.MISSING_FIELD, "missing field '" + name + "'");
        }
        return v;
    }

    /** The trimmed value, or null when absent, empty or the literal {@code null}. */
    public String optionalText(String name) {
        String v = raw(name);
        if (v == null) {
            return null;
        }
        v = v.trim();
        return v.isEmpty() || v.equals("null") ? null : v;
    }

    public String symbol(String name) throws InvalidRecordException {
        String v = text(name);
        if (!Symbols.isValid(v)) {
            throw new InvalidRecordException(ErrorCode.BAD_SYMBOL, "'" + name + "' is not a valid symbol: " + v);
        }
        return v;
    }

    public LocalDate date(String name) throws InvalidRecordException {
        return parseDate(name, text(name));
    }

    public LocalDate optionalDate(String name) throws InvalidRecordException {
        String v = optionalText(name);
        return v == null ? null : parseDate(name, v);
    }

    private static LocalDate parseDate(String name, String v) throws InvalidRecordException {
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new InvalidRecordException(ErrorCode.BAD_DATE, "'" + name + "' is not an ISO date: " + v);
        }
    }

    public Instant instant(String name) throws InvalidRecordException {
        String v = text(name);
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new InvalidRecordException(ErrorCode.BAD_DATE, "'" + name + "' is not an ISO-8601 instant: " + v);
        }
    }

    /** A finite decimal number. */
    public double number(String name) throws InvalidRecordException {
        return parseNumber(name, text(name));
    }

    static double parseNumber(String name, String v) throws InvalidRecordException {
        if (NON_FINITE.matcher(v).matches()) {
            throw new InvalidRecordException(ErrorCode.NON_FINITE, "'" + name + "' is not finite: " + v);
        }
        if (!DECIMAL.matcher(v).matches()) {
            throw new InvalidRecordException(ErrorCode.BAD_NUMBER, "'" + name + "' is not a number: " + v);
        }
        double d = Double.parseDouble(v);
        if (!Double.isFinite(d)) {
            throw new InvalidRecordException(ErrorCode.NON_FINITE, "'" + name + "' overflows a double: " + v);
        }
        return d;
    }

    public int integer(String name) throws InvalidRecordException {
        double d = number(name);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new InvalidRecordException(ErrorCode.BAD_NUMBER, "'" + name + "' is not an integer: " + d);
        }
        return (int) d;
    }
}
