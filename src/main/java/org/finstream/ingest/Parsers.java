package org.finstream.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.finstream.records.ActionType;
import org.finstream.records.CorporateAction;
import org.finstream.records.ErrorCode;
import org.finstream.records.Fact;
import org.finstream.records.Filing;
import org.finstream.records.PriceBar;
import org.finstream.records.ReferenceData;
import org.finstream.records.Trade;

/**
 * Parsing and validation (METRICS.md sections 1-2) of every input type. A record is either a
 * JSON object with the section-1 field names or a CSV line with the fields in the topic's
 * canonical order ({@link InputKind#columns()}); filings are JSON only.
 */
public final class Parsers {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .build();
    private static final Pattern FORM = Pattern.compile("10-[QK]T?(/A)?");
    private static final List<String> FISCAL_PERIODS = List.of("Q1", "Q2", "Q3", "Q4", "FY");

    private Parsers() {}

    private static String text(byte[] value) throws InvalidRecordException {
        if (value == null || value.length == 0) {
            throw new InvalidRecordException(ErrorCode.UNPARSEABLE, "empty record");
        }
        return new String(value, StandardCharsets.UTF_8).strip();
    }

    static Fields fields(byte[] value, List<String> csvColumns, int minCsvFields) throws InvalidRecordException {
        String text = text(value);
        if (text.startsWith("{")) {
            return Fields.json(jsonObject(text));
        }
        if (csvColumns == null) {
            throw new InvalidRecordException(ErrorCode.UNPARSEABLE, "expected a JSON object");
        }
        List<String> values = CsvLine.split(text);
        if (values == null) {
            throw new InvalidRecordException(ErrorCode.UNPARSEABLE, "unterminated quote in CSV line");
        }
        if (values.size() < minCsvFields || values.size() > csvColumns.size()) {
            throw new InvalidRecordException(ErrorCode.UNPARSEABLE, "expected "
                    + (minCsvFields == csvColumns.size() ? "" : minCsvFields + " to ") + csvColumns.size()
                    + " CSV fields (" + String.join(",", csvColumns) + "), got " + values.size());
        }
        return Fields.csv(csvColumns, values);
    }

    private static JsonNode jsonObject(String text) throws InvalidRecordException {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            throw new InvalidRecordException(ErrorCode.UNPARSEABLE, "invalid JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRecordException(ErrorCode.UNPARSEABLE, "expected a JSON object");
        }
        return node;
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }

    /** Daily bar (7 CSV fields) or intraday bar (8, {@code ts} last). */
    public static PriceBar price(byte[] value) throws InvalidRecordException {
        Fields f = fields(value, InputKind.PRICES.columns(), InputKind.PRICES.columns().size() - 1);
        String symbol = f.symbol("symbol");
        LocalDate date = f.date("date");
        java.time.Instant ts = f.optionalText("ts") == null ? null : f.instant("ts");
        double open = f.number("open");
        double high = f.number("high");
        double low = f.number("low");
        double close = f.number("close");
        double volume = f.number("volume");
        if (open <= 0 || high <= 0 || low <= 0 || close <= 0) {
            throw new InvalidRecordException(ErrorCode.NON_POSITIVE_PRICE, "prices must be > 0: open=" + open
                    + " high=" + high + " low=" + low + " close=" + close);
        }
        if (high < low) {
            throw new InvalidRecordException(ErrorCode.HIGH_BELOW_LOW, "high " + high + " < low " + low);
        }
        if (close < low || close > high) {
            throw new InvalidRecordException(ErrorCode.CLOSE_OUTSIDE_RANGE,
                    "close " + close + " outside [" + low + ", " + high + "]");
        }
        if (volume < 0) {
            throw new InvalidRecordException(ErrorCode.NEGATIVE_VOLUME, "volume " + volume + " < 0");
        }
        return new PriceBar(symbol, date, ts, open, high, low, close, volume);
    }

    public static CorporateAction corporateAction(byte[] value) throws InvalidRecordException {
        Fields f = fields(value, InputKind.CORPORATE_ACTIONS.columns(), InputKind.CORPORATE_ACTIONS.columns().size());
        String symbol = f.symbol("symbol");
        LocalDate exDate = f.date("ex_date");
        String typeText = f.text("type");
        ActionType type;
        try {
            type = ActionType.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(ErrorCode.INVALID_VALUE,
                    "type must be 'split' or 'dividend', got '" + typeText + "'");
        }
        double v = f.number("value");
        if (type == ActionType.SPLIT && v <= 0) {
            throw new InvalidRecordException(ErrorCode.BAD_SPLIT_RATIO, "split ratio " + v + " <= 0");
        }
        if (type == ActionType.DIVIDEND && v < 0) {
            throw new InvalidRecordException(ErrorCode.NEGATIVE_DIVIDEND, "dividend " + v + " < 0");
        }
        return new CorporateAction(symbol, exDate, type, v);
    }

    /** Reference data: symbol, name and sector are required; industry and cik may be empty. */
    public static ReferenceData reference(byte[] value) throws InvalidRecordException {
        Fields f = fields(value, InputKind.REFERENCE.columns(), InputKind.REFERENCE.columns().size());
        return new ReferenceData(f.symbol("symbol"), f.text("name"), f.text("sector"),
                f.optionalText("industry"), f.optionalText("cik"));
    }

    public static Trade trade(byte[] value) throws InvalidRecordException {
        Fields f = fields(value, InputKind.TRADES.columns(), InputKind.TRADES.columns().size());
        String portfolio = f.text("portfolio_id");
        String symbol = f.symbol("symbol");
        LocalDate date = f.date("trade_date");
        double quantity = f.number("quantity");
        double price = f.number("price");
        if (quantity == 0) {
            throw new InvalidRecordException(ErrorCode.INVALID_VALUE, "quantity must not be 0");
        }
        if (price <= 0) {
            throw new InvalidRecordException(ErrorCode.NON_POSITIVE_PRICE, "trade price " + price + " <= 0");
        }
        return new Trade(portfolio, symbol, date, quantity, price);
    }

    public static Filing filing(byte[] value) throws InvalidRecordException {
        JsonNode root = jsonObject(text(value));
        Fields f = Fields.json(root);
        String symbol = f.symbol("symbol");
        String form = f.text("form");
        if (!FORM.matcher(form).matches()) {
            throw new InvalidRecordException(ErrorCode.INVALID_VALUE, "form must be 10-Q, 10-K or an amendment, got " + form);
        }
        String period = f.text("fiscal_period");
        if (!FISCAL_PERIODS.contains(period)) {
            throw new InvalidRecordException(ErrorCode.INVALID_VALUE, "fiscal_period must be one of "
                    + FISCAL_PERIODS + ", got " + period);
        }
        Filing filing = new Filing(symbol, f.optionalText("cik"), form, f.text("accession"), f.date("filed"),
                f.integer("fiscal_year"), period, null);
        filing.setFacts(facts(root.get("facts")));
        return filing;
    }

    private static Fact[] facts(JsonNode facts) throws InvalidRecordException {
        if (facts == null || facts.isNull()) {
            throw new InvalidRecordException(ErrorCode.MISSING_FIELD, "missing field 'facts'");
        }
        if (!facts.isArray()) {
            throw new InvalidRecordException(ErrorCode.UNPARSEABLE, "'facts' must be an array");
        }
        Fact[] out = new Fact[facts.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode node = facts.get(i);
            if (!node.isObject()) {
                throw new InvalidRecordException(ErrorCode.UNPARSEABLE, "facts[" + i + "] must be an object");
            }
            Fields ff = Fields.json(node);
            LocalDate start = ff.optionalDate("start");
            LocalDate end = ff.date("end");
            if (start != null && start.isAfter(end)) {
                throw new InvalidRecordException(ErrorCode.INVALID_VALUE, "facts[" + i + "] starts " + start
                        + " after it ends " + end);
            }
            out[i] = new Fact(ff.text("concept"), start, end, ff.number("value"));
        }
        return out;
    }
}
