package org.finstream.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.finstream.records.ActionType;
import org.finstream.records.CorporateAction;
import org.finstream.records.EventTimes;
import org.finstream.records.PriceBar;
import org.finstream.records.SymbolDaily;
import org.junit.jupiter.api.Test;

class SymbolDailyFunctionTest {
    private static KeyedTwoInputStreamOperatorTestHarness<String, PriceBar, CorporateAction, SymbolDaily> harness()
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new SymbolDailyFunction(),
                PriceBar::getSymbol, CorporateAction::getSymbol, Types.STRING);
    }

    private static PriceBar bar(String symbol, LocalDate d, double close) {
        return new PriceBar(symbol, d, null, close, close, close, close, 1000);
    }

    @Test
    void returnsMatchBruteForceWithSplitsDividendsAndOutOfOrderArrival() throws Exception {
        Random rnd = new Random(7);
        LocalDate start = LocalDate.of(2020, 1, 1);
        int days = 400;
        double[] close = new double[days];
        double[] split = new double[days];
        double[] dividend = new double[days];
        List<CorporateAction> actions = new ArrayList<>();
        close[0] = 100;
        for (int i = 0; i < days; i++) {
            split[i] = 1;
            if (i > 0 && rnd.nextInt(60) == 0) {
                split[i] = 2 + rnd.nextInt(3);
                actions.add(new CorporateAction("X", start.plusDays(i), ActionType.SPLIT, split[i]));
            }
            if (i > 0 && rnd.nextInt(20) == 0) {
                dividend[i] = Math.round(rnd.nextDouble() * 100) / 100.0;
                actions.add(new CorporateAction("X", start.plusDays(i), ActionType.DIVIDEND, dividend[i]));
            }
            if (i > 0) {
                close[i] = Math.max(0.01, close[i - 1] * (1 + rnd.nextGaussian() * 0.02) / split[i] - dividend[i]);
            }
        }
        try (KeyedTwoInputStreamOperatorTestHarness<String, PriceBar, CorporateAction, SymbolDaily> h = harness()) {
            actions.forEach(a -> process2(h, a));
            // bars arrive shuffled within blocks of 5 days, each block before the watermark passes it
            for (int block = 0; block < days; block += 5) {
                List<Integer> idx = new ArrayList<>();
                for (int i = block; i < Math.min(days, block + 5); i++) {
                    idx.add(i);
                }
                Collections.shuffle(idx, rnd);
                for (int i : idx) {
                    PriceBar b = bar("X", start.plusDays(i), close[i]);
                    h.processElement1(b, b.eventTime());
                }
                h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(
                        EventTimes.endOfDay(start.plusDays(Math.min(days, block + 5) - 1))));
            }
            List<SymbolDaily> out = h.extractOutputValues();
            assertEquals(days, out.size());
            assertNull(out.get(0).getRet());
            for (int i = 1; i < days; i++) {
                SymbolDaily row = out.get(i);
                assertEquals(start.plusDays(i), row.getDate(), "emitted in date order");
                double expected = (close[i] + dividend[i]) * split[i] / close[i - 1] - 1;
                assertEquals(expected, row.getRet(), 1e-15 * Math.max(1, Math.abs(expected)), "day " + i);
            }
        }
    }

    @Test
    void actionsOnANonTradingDayApplyToTheNextTradingDay() throws Exception {
        LocalDate fri = LocalDate.of(2024, 3, 1);
        LocalDate sat = fri.plusDays(1);
        LocalDate sun = fri.plusDays(2);
        LocalDate mon = fri.plusDays(3);
        try (KeyedTwoInputStreamOperatorTestHarness<String, PriceBar, CorporateAction, SymbolDaily> h = harness()) {
            process2(h, new CorporateAction("X", sat, ActionType.DIVIDEND, 1.0));
            process2(h, new CorporateAction("X", sun, ActionType.SPLIT, 2.0));
            for (PriceBar b : List.of(bar("X", fri, 100), bar("X", mon, 49))) {
                h.processElement1(b, b.eventTime());
            }
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(EventTimes.endOfDay(mon)));
            List<SymbolDaily> out = h.extractOutputValues();
            // one share -> 1.0 cash on Saturday, then 2 shares at 49: (2*49 + 1) / 100 - 1
            assertEquals((2 * 49.0 + 1.0) / 100 - 1, out.get(1).getRet(), 1e-15);
        }
    }

    @Test
    void stateIsClearedOnceADayIsClosed() throws Exception {
        try (KeyedTwoInputStreamOperatorTestHarness<String, PriceBar, CorporateAction, SymbolDaily> h = harness()) {
            LocalDate d = LocalDate.of(2024, 3, 1);
            for (int i = 0; i < 50; i++) {
                process2(h, new CorporateAction("X", d.plusDays(i), ActionType.DIVIDEND, 0.01));
                PriceBar b = bar("X", d.plusDays(i), 10 + i);
                h.processElement1(b, b.eventTime());
            }
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(EventTimes.endOfDay(d.plusDays(49))));
            assertEquals(50, h.extractOutputValues().size());
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(1, h.numKeyedStateEntries(), "only the last close remains");
        }
    }

    private static void process2(KeyedTwoInputStreamOperatorTestHarness<String, PriceBar, CorporateAction, SymbolDaily> h,
                                 CorporateAction a) {
        try {
            h.processElement2(a, a.eventTime());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
