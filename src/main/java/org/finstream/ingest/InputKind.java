package org.finstream.ingest;

import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.finstream.records.CorporateAction;
import org.finstream.records.Filing;
import org.finstream.records.InputEvent;
import org.finstream.records.PriceBar;
import org.finstream.records.ReferenceData;
import org.finstream.records.Trade;

/** One input type of METRICS.md section 1: its default topic, file prefix, columns and parser. */
public final class InputKind<T extends InputEvent> implements Serializable {
    public static final InputKind<PriceBar> PRICES = new InputKind<>("prices", "prices", ".csv",
            List.of("symbol", "date", "open", "high", "low", "close", "volume", "ts"), "date", Parsers::price,
            TypeInformation.of(PriceBar.class), new TypeHint<Parsed<PriceBar>>() {}.getTypeInfo(), false);
    public static final InputKind<CorporateAction> CORPORATE_ACTIONS = new InputKind<>("corporate-actions",
            "corporate_actions", ".csv", List.of("symbol", "ex_date", "type", "value"), "ex_date",
            Parsers::corporateAction, TypeInformation.of(CorporateAction.class),
            new TypeHint<Parsed<CorporateAction>>() {}.getTypeInfo(), true);
    public static final InputKind<ReferenceData> REFERENCE = new InputKind<>("reference", "reference", ".csv",
            List.of("symbol", "name", "sector", "industry", "cik"), null, Parsers::reference,
            TypeInformation.of(ReferenceData.class), new TypeHint<Parsed<ReferenceData>>() {}.getTypeInfo(), false);
    public static final InputKind<Trade> TRADES = new InputKind<>("trades", "trades", ".csv",
            List.of("portfolio_id", "symbol", "trade_date", "quantity", "price"), "trade_date", Parsers::trade,
            TypeInformation.of(Trade.class), new TypeHint<Parsed<Trade>>() {}.getTypeInfo(), false);
    public static final InputKind<Filing> FILINGS = new InputKind<>("filings", "filings", ".jsonl",
            null, "filed", Parsers::filing, TypeInformation.of(Filing.class),
            new TypeHint<Parsed<Filing>>() {}.getTypeInfo(), true);

    /** In the order a replay publishes records that share an event time. */
    public static final List<InputKind<?>> ALL = List.of(REFERENCE, CORPORATE_ACTIONS, FILINGS, PRICES, TRADES);

    private final String defaultTopic;
    private final boolean dated;
    private final String filePrefix;
    private final String fileSuffix;
    private final List<String> columns;
    private final String dateColumn;
    private final RecordParser<T> parser;
    private final TypeInformation<T> type;
    private final TypeInformation<Parsed<T>> parsedType;

    private InputKind(String defaultTopic, String filePrefix, String fileSuffix, List<String> columns,
                      String dateColumn, RecordParser<T> parser, TypeInformation<T> type,
                      TypeInformation<Parsed<T>> parsedType, boolean dated) {
        this.defaultTopic = defaultTopic;
        this.dated = dated;
        this.filePrefix = filePrefix;
        this.fileSuffix = fileSuffix;
        this.columns = columns;
        this.dateColumn = dateColumn;
        this.parser = parser;
        this.type = type;
        this.parsedType = parsedType;
    }

    public String defaultTopic() { return defaultTopic; }

    /** Whether every record's event time is the start of its date (ex-dates, filing dates). */
    public boolean dated() { return dated; }

    /** Input files are {@code <prefix>*<suffix>}, e.g. {@code prices*.csv}. */
    public boolean matchesFile(String fileName) {
        return fileName.startsWith(filePrefix) && fileName.endsWith(fileSuffix);
    }

    public boolean isCsv() { return columns != null; }

    /** Canonical CSV column order; null for JSON-only inputs. */
    public List<String> columns() { return columns; }

    /** The field that orders records in event time (null: reference data, no event time). */
    public String dateColumn() { return dateColumn; }

    public RecordParser<T> parser() { return parser; }

    public TypeInformation<T> type() { return type; }

    public TypeInformation<Parsed<T>> parsedType() { return parsedType; }

    @Override
    public String toString() { return defaultTopic; }
}
