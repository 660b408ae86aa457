package org.finstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.finstream.records.DeadLetter;
import org.finstream.records.ErrorCode;
import org.finstream.records.InputEvent;
import org.finstream.records.PriceBar;
import org.finstream.records.SourceRef;
import org.finstream.records.Trade;
import org.junit.jupiter.api.Test;

class AcceptFunctionTest {
    private long offset;

    private <T extends InputEvent> T parse(InputKind<T> kind, String line) {
        Parsed<T> p = IngestDeserializer.parse(kind, new SourceRef(kind.defaultTopic(), 0, offset++, null,
                line.getBytes(StandardCharsets.UTF_8)));
        return p.getRecord();
    }

    private static <T extends InputEvent> KeyedOneInputStreamOperatorTestHarness<String, T, T> harness() throws Exception {
        return harness(null);
    }

    private static <T extends InputEvent> KeyedOneInputStreamOperatorTestHarness<String, T, T> harness(
            Duration correctionWindow) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new AcceptFunction<T>("test", Duration.ofDays(400), Duration.ofDays(1), correctionWindow), InputEvent::entityKey,
                Types.STRING);
    }

    private static <T extends InputEvent> void send(KeyedOneInputStreamOperatorTestHarness<String, T, T> h, T e)
            throws Exception {
        h.processElement(e, e.eventTime());
    }

    @Test
    void exactDuplicatesAreDroppedConflictsAndLateRecordsAreDeadLettered() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, PriceBar, PriceBar> h = harness()) {
            send(h, parse(InputKind.PRICES, "AAPL,2024-03-01,10,12,9,11,100"));
            send(h, parse(InputKind.PRICES, "{\"symbol\":\"AAPL\",\"date\":\"2024-03-01\",\"open\":10,\"high\":12,"
                    + "\"low\":9,\"close\":11.0,\"volume\":100}")); // same values as JSON: exact duplicate
            send(h, parse(InputKind.PRICES, "AAPL,2024-03-01,10,12,9,11.5,100")); // conflicting
            send(h, parse(InputKind.PRICES, "MSFT,2024-03-01,10,12,9,11.5,100")); // other key: fine
            h.processWatermark(parse(InputKind.PRICES, "AAPL,2024-03-04,1,1,1,1,1").eventTime());
            send(h, parse(InputKind.PRICES, "AAPL,2024-03-04,10,12,9,11,100")); // at the watermark: late
            send(h, parse(InputKind.PRICES, "AAPL,2024-03-01,10,12,9,11,100")); // late but exact duplicate: dropped
            send(h, parse(InputKind.PRICES, "AAPL,2024-03-05,10,12,9,11,100"));

            List<PriceBar> out = h.extractOutputValues();
            assertEquals(List.of("AAPL 2024-03-01", "MSFT 2024-03-01", "AAPL 2024-03-05"),
                    out.stream().map(b -> b.getSymbol() + " " + b.getDate()).toList());
            out.forEach(b -> assertNull(b.getOrigin(), "raw bytes are dropped once accepted"));

            List<DeadLetter> dead = h.getSideOutput(AcceptFunction.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
            assertEquals(List.of(ErrorCode.CONFLICTING_DUPLICATE, ErrorCode.LATE),
                    dead.stream().map(DeadLetter::getErrorCode).toList());
            assertEquals(2, dead.get(0).getOffset());
            assertEquals("AAPL,2024-03-01,10,12,9,11.5,100", new String(dead.get(0).getRaw(), StandardCharsets.UTF_8));
            assertEquals("accept-test", dead.get(1).getOperator());
        }
    }

    @Test
    void intradayKeysAreRememberedForTheShortRetentionDailyKeysForTheLongOne() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, PriceBar, PriceBar> h = harness()) {
            String tick = "AAPL,2024-03-01,10,12,9,11,100,2024-03-01T15:00:00.000125Z";
            String daily = "AAPL,2024-02-29,10,12,9,11,100";
            h.setStateTtlProcessingTime(0);
            send(h, parse(InputKind.PRICES, tick));
            send(h, parse(InputKind.PRICES, daily));
            h.setStateTtlProcessingTime(Duration.ofDays(1).toMillis() - 1);
            send(h, parse(InputKind.PRICES, tick)); // within a day: a duplicate
            assertEquals(2, h.extractOutputValues().size());
            h.setStateTtlProcessingTime(Duration.ofDays(2).toMillis());
            send(h, parse(InputKind.PRICES, tick)); // the tick's key is forgotten: accepted again
            send(h, parse(InputKind.PRICES, daily)); // the daily bar's is not
            assertEquals(List.of("2024-03-01T15:00:00.000125Z", "null", "2024-03-01T15:00:00.000125Z"),
                    h.extractOutputValues().stream().map(b -> String.valueOf(b.getTs())).toList());
        }
    }

    @Test
    void tradesHaveNoKeySoEqualTradesAreBothKept() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Trade, Trade> h = harness()) {
            send(h, parse(InputKind.TRADES, "P1,AAPL,2024-03-01,100,10"));
            send(h, parse(InputKind.TRADES, "P1,AAPL,2024-03-01,100,10"));
            assertEquals(2, h.extractOutputValues().size());
        }
    }

    @Test
    void tradesWithinTheCorrectionWindowBehindTheWatermarkAreAcceptedWithTheirRawBytes() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Trade, Trade> h = harness(Duration.ofDays(30))) {
            send(h, parse(InputKind.TRADES, "P1,AAPL,2024-03-01,100,10")); // before any watermark
            h.processWatermark(parse(InputKind.TRADES, "P1,AAPL,2024-04-01,1,1").eventTime());
            send(h, parse(InputKind.TRADES, "P1,AAPL,2024-03-03,5,10")); // 29 days behind
            send(h, parse(InputKind.TRADES, "P1,AAPL,2024-03-02,7,10")); // 30 days behind: late
            List<Trade> out = h.extractOutputValues();
            assertEquals(List.of(100.0, 5.0), out.stream().map(Trade::getQuantity).toList());
            assertEquals("P1,AAPL,2024-03-03,5,10", new String(out.get(1).getOrigin().getRaw(), StandardCharsets.UTF_8),
                    "a trade that may still correct closed days keeps its raw bytes for a later dead letter");
            List<DeadLetter> dead = h.getSideOutput(AcceptFunction.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
            assertEquals(1, dead.size());
            assertEquals(ErrorCode.LATE, dead.get(0).getErrorCode());
            assertEquals("P1,AAPL,2024-03-02,7,10", new String(dead.get(0).getRaw(), StandardCharsets.UTF_8));
        }
    }
}
