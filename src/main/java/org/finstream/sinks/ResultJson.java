package org.finstream.sinks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.finstream.analytics.Valuation;
import org.finstream.records.FundamentalsRow;
import org.finstream.records.PortfolioDaily;
import org.finstream.records.PortfolioLive;
import org.finstream.records.SymbolDaily;
import org.finstream.records.ValuationRow;

/** The JSON form of result rows on the Kafka result topics: the table's columns, snake_case, ISO dates. */
public final class ResultJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResultJson() {}

    /**
     * {@code {"symbol", "date", "event_time", "provisional", "close", "return", <metric columns>}},
     * null metrics as JSON null.
     */
    public static byte[] symbolDaily(SymbolDaily row, List<String> metricColumns) {
        ObjectNode json = MAPPER.createObjectNode()
                .put("symbol", row.getSymbol())
                .put("date", row.getDate().toString())
                .put("event_time", Instant.ofEpochMilli(row.getEventTime()).toString())
                .put("provisional", row.isProvisional())
                .put("close", row.getClose())
                .put("return", row.getRet());
        return bytes(putAll(json, metricColumns, row.getMetrics()));
    }

    /** The fundamentals table's columns, dates ISO, null values as JSON null. */
    public static byte[] fundamentals(FundamentalsRow row) {
        ObjectNode json = MAPPER.createObjectNode()
                .put("symbol", row.getSymbol())
                .put("period_end", row.getPeriodEnd().toString())
                .put("fiscal_year", row.getFiscalYear())
                .put("fiscal_period", row.getFiscalPeriod())
                .put("filed", row.getFiled().toString())
                .put("form", row.getForm())
                .put("accession", row.getAccession())
                .put("event_time", Instant.ofEpochMilli(row.getEventTime()).toString())
                .put("piotroski_f", row.getPiotroskiF());
        return bytes(putAll(json, FundamentalsRow.COLUMNS, row.getValues()));
    }

    /** The valuation_daily table's columns. */
    public static byte[] valuation(ValuationRow row) {
        ObjectNode json = MAPPER.createObjectNode()
                .put("symbol", row.getSymbol())
                .put("date", row.getDate().toString())
                .put("event_time", Instant.ofEpochMilli(row.getEventTime()).toString())
                .put("provisional", row.isProvisional())
                .put("price", row.getPrice());
        return bytes(putAll(json, Valuation.COLUMNS, row.getValues()));
    }

    /**
     * A portfolio row: its columns, the aggregated metrics, and {@code sector_<name>} weights; a
     * retracted row only {@code {"portfolio_id", "date", "retracted": true}}.
     */
    public static byte[] portfolioDaily(PortfolioDaily row, List<String> metricColumns) {
        if (row.isRetracted()) {
            return retraction(row.getPortfolioId(), row.getDate());
        }
        ObjectNode json = MAPPER.createObjectNode()
                .put("portfolio_id", row.getPortfolioId())
                .put("date", row.getDate().toString())
                .put("event_time", Instant.ofEpochMilli(row.getEventTime()).toString())
                .put("market_value", row.getMarketValue())
                .put("gross_exposure", row.getGrossExposure())
                .put("pnl", row.getPnl())
                .put("equity", row.getEquity())
                .put("return", row.getRet())
                .put("vol_63", row.getVol63())
                .put("top5_weight", row.getTop5Weight())
                .put("hhi", row.getHhi());
        putAll(json, metricColumns, row.getMetrics());
        for (int i = 0; i < row.getSectors().length; i++) {
            json.put("sector_" + row.getSectors()[i], row.getSectorWeights()[i]);
        }
        return bytes(json);
    }

    /** A live portfolio row; a retracted row only {@code {"portfolio_id", "date", "retracted": true}}. */
    public static byte[] portfolioLive(PortfolioLive row) {
        if (row.isRetracted()) {
            return retraction(row.getPortfolioId(), row.getDate());
        }
        return bytes(MAPPER.createObjectNode()
                .put("portfolio_id", row.getPortfolioId())
                .put("date", row.getDate().toString())
                .put("event_time", Instant.ofEpochMilli(row.getEventTime()).toString())
                .put("provisional", row.isProvisional())
                .put("market_value", row.getMarketValue())
                .put("pnl", row.getPnl()));
    }

    /**
     * {@code {"portfolio_id", "date", "retracted": true}}: the day is no longer a portfolio day and
     * its earlier rows are void. (The portfolio topics are keyed by portfolio, so a tombstone would
     * void the whole portfolio.)
     */
    private static byte[] retraction(String portfolioId, LocalDate date) {
        return bytes(MAPPER.createObjectNode()
                .put("portfolio_id", portfolioId)
                .put("date", date.toString())
                .put("retracted", true));
    }

    /** The sector weights of a portfolio row as a JSON object, sector column suffix to weight. */
    public static String sectorWeights(PortfolioDaily row) {
        ObjectNode json = MAPPER.createObjectNode();
        for (int i = 0; i < row.getSectors().length; i++) {
            json.put(row.getSectors()[i], row.getSectorWeights()[i]);
        }
        return json.toString();
    }

    private static ObjectNode putAll(ObjectNode json, List<String> columns, Double[] values) {
        for (int i = 0; i < columns.size(); i++) {
            json.put(columns.get(i), values[i]);
        }
        return json;
    }

    private static byte[] bytes(ObjectNode json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + json, e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
