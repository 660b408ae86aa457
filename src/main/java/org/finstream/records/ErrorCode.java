package org.finstream.records;

/**
 * The fixed list of dead-letter error codes (METRICS.md section 2). The README lists them
 * with these descriptions; codes are never renamed, only added.
 */
public enum ErrorCode {
    UNPARSEABLE("not valid CSV/JSON for its topic, or the wrong number of CSV fields"),
    MISSING_FIELD("a required field is absent, empty or null"),
    BAD_NUMBER("a numeric field is not a number"),
    NON_FINITE("a numeric field is NaN or infinite"),
    BAD_DATE("a date or timestamp does not parse (ISO YYYY-MM-DD, ISO-8601 instant)"),
    BAD_SYMBOL("a symbol is not 1 to 15 characters of A-Z 0-9 . - ^"),
    INVALID_VALUE("a field is outside its domain (unknown action type, form, fiscal period, fact period ending before it starts)"),
    NON_POSITIVE_PRICE("a price (open, high, low, close, trade price) is <= 0"),
    HIGH_BELOW_LOW("high < low"),
    CLOSE_OUTSIDE_RANGE("close is outside [low, high]"),
    NEGATIVE_VOLUME("volume < 0"),
    BAD_SPLIT_RATIO("a split ratio is <= 0"),
    NEGATIVE_DIVIDEND("a cash dividend is < 0"),
    CONFLICTING_DUPLICATE("same key as an accepted record (symbol+date, symbol+ts, symbol+ex_date+type, accession) with different values"),
    LATE("event time is behind the watermark by more than the allowed lateness"),
    FETCH_FAILED("a provider request failed for good (after its retries, or refused by the open circuit breaker)"),
    BAD_RESPONSE("a provider response that is not the provider's documented format");

    private final String description;

    ErrorCode(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
