package org.finstream.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;
import org.finstream.records.ErrorCode;

/**
 * An independent implementation of the validation rules of METRICS.md section 2, applied to
 * raw lines of the generated files: each check returns the first rule a line breaks, or
 * {@code null} when the line is valid. Duplicates are not checked here.
 */
final class Rules {
    static final Pattern SYMBOL = Pattern.compile("[A-Z0-9.^-]{1,15}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FORMS = Set.of("10-Q", "10-K", "10-Q/A", "10-K/A");
    private static final Set<String> PERIODS = Set.of("Q1", "Q2", "Q3", "Q4", "FY");

    private Rules() {}

    /** A daily bar (7 fields) or, with {@code intraday}, an intraday bar (8 fields, ending in ts). */
    static ErrorCode priceBar(String line, boolean intraday) {
        String[] f = line.split(",", -1);
        if (f.length != (intraday ? 8 : 7)) {
            return ErrorCode.UNPARSEABLE;
        }
        ErrorCode e = common(f);
        if (e == null && !SYMBOL.matcher(f[0]).matches()) {
            e = ErrorCode.BAD_SYMBOL;
        }
        if (e == null && (!isDate(f[1]) || intraday && !isInstant(f[7]))) {
            e = ErrorCode.BAD_DATE;
        }
        double[] v = new double[5];
        for (int i = 0; e == null && i < 5; i++) {
            e = number(f[2 + i]);
            v[i] = e == null ? Double.parseDouble(f[2 + i]) : 0;
        }
        if (e != null) {
            return e;
        }
        double open = v[0], high = v[1], low = v[2], close = v[3], volume = v[4];
        if (open <= 0 || high <= 0 || low <= 0 || close <= 0) {
            return ErrorCode.NON_POSITIVE_PRICE;
        }
        if (high < low) {
            return ErrorCode.HIGH_BELOW_LOW;
        }
        if (close < low || close > high) {
            return ErrorCode.CLOSE_OUTSIDE_RANGE;
        }
        return volume < 0 ? ErrorCode.NEGATIVE_VOLUME : null;
    }

    static ErrorCode corporateAction(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 4) {
            return ErrorCode.UNPARSEABLE;
        }
        ErrorCode e = common(f);
        if (e == null && !SYMBOL.matcher(f[0]).matches()) {
            e = ErrorCode.BAD_SYMBOL;
        }
        if (e == null && !isDate(f[1])) {
            e = ErrorCode.BAD_DATE;
        }
        if (e == null && !f[2].equals("split") && !f[2].equals("dividend")) {
            e = ErrorCode.INVALID_VALUE;
        }
        if (e == null) {
            e = number(f[3]);
        }
        if (e != null) {
            return e;
        }
        double value = Double.parseDouble(f[3]);
        if (f[2].equals("split") && value <= 0) {
            return ErrorCode.BAD_SPLIT_RATIO;
        }
        return f[2].equals("dividend") && value < 0 ? ErrorCode.NEGATIVE_DIVIDEND : null;
    }

    static ErrorCode trade(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 5) {
            return ErrorCode.UNPARSEABLE;
        }
        ErrorCode e = common(f);
        if (e == null && !SYMBOL.matcher(f[1]).matches()) {
            e = ErrorCode.BAD_SYMBOL;
        }
        if (e == null && !isDate(f[2])) {
            e = ErrorCode.BAD_DATE;
        }
        if (e == null) {
            e = number(f[3]);
        }
        if (e == null) {
            e = number(f[4]);
        }
        if (e != null) {
            return e;
        }
        return Double.parseDouble(f[4]) <= 0 ? ErrorCode.NON_POSITIVE_PRICE : null;
    }

    static ErrorCode filing(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (Exception ex) {
            return ErrorCode.UNPARSEABLE;
        }
        if (n == null || !n.isObject()) {
            return ErrorCode.UNPARSEABLE;
        }
        for (String field : new String[] {"symbol", "cik", "form", "accession", "filed", "fiscal_year",
            "fiscal_period", "facts"}) {
            if (!n.hasNonNull(field) || n.get(field).asText().isEmpty() && !n.get(field).isArray()) {
                return ErrorCode.MISSING_FIELD;
            }
        }
        if (!SYMBOL.matcher(n.get("symbol").asText()).matches()) {
            return ErrorCode.BAD_SYMBOL;
        }
        if (!isDate(n.get("filed").asText())) {
            return ErrorCode.BAD_DATE;
        }
        if (!FORMS.contains(n.get("form").asText()) || !PERIODS.contains(n.get("fiscal_period").asText())
                || !n.get("fiscal_year").isInt() || !n.get("facts").isArray()) {
            return ErrorCode.INVALID_VALUE;
        }
        for (JsonNode fact : n.get("facts")) {
            if (!fact.hasNonNull("concept") || !fact.hasNonNull("end") || !fact.hasNonNull("value")) {
                return ErrorCode.MISSING_FIELD;
            }
            if (!isDate(fact.get("end").asText()) || fact.has("start") && !isDate(fact.get("start").asText())) {
                return ErrorCode.BAD_DATE;
            }
            if (!fact.get("value").isNumber()) {
                return ErrorCode.BAD_NUMBER;
            }
            if (fact.has("start") && LocalDate.parse(fact.get("start").asText())
                    .isAfter(LocalDate.parse(fact.get("end").asText()))) {
                return ErrorCode.INVALID_VALUE;
            }
        }
        return null;
    }

    static boolean isDate(String s) {
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isInstant(String s) {
        try {
            Instant.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static ErrorCode common(String[] fields) {
        for (String f : fields) {
            if (f.isEmpty()) {
                return ErrorCode.MISSING_FIELD;
            }
        }
        return null;
    }

    private static ErrorCode number(String s) {
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return ErrorCode.BAD_NUMBER;
        }
        return Double.isFinite(v) ? null : ErrorCode.NON_FINITE;
    }
}
