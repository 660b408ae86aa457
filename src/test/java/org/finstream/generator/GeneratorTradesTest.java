package org.finstream.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.finstream.generator.Sample.Bar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The portfolio trades of a small run, replayed against the prices and splits. */
class GeneratorTradesTest {
    @TempDir
    static Path dir;
    static Sample sample;
    static List<String[]> trades;

    @BeforeAll
    static void generate() throws Exception {
        sample = Sample.generate(Sample.small(dir));
        trades = sample.rows(MarketGenerator.TRADES);
    }

    @Test
    void initialPositionsAreBoughtOnTheInitialDay() {
        LocalDate initial = sample.days.get(300 - 87);
        assertEquals(initial, sample.days.get(TradeGenerator.initialDay(300)));
        assertEquals(0, TradeGenerator.initialDay(50));
        Map<String, Integer> positions = new TreeMap<>();
        boolean shorts = false;
        for (String[] t : trades) {
            LocalDate date = LocalDate.parse(t[2]);
            assertFalse(date.isBefore(initial), "no trade before the initial day");
            if (date.equals(initial)) {
                positions.merge(t[0], 1, Integer::sum);
                long quantity = Long.parseLong(t[3]);
                double notional = Math.abs(quantity) * Double.parseDouble(t[4]);
                double price = Double.parseDouble(t[4]);
                assertTrue(notional >= 10_000 - price && notional <= 200_000 + price, "position size " + notional);
                shorts |= quantity < 0;
            }
        }
        assertEquals(10, positions.size(), "every portfolio starts on the initial day");
        positions.forEach((p, n) -> assertTrue(n >= 18 && n <= 20, p + " opens " + n + " of 20 stocks"));
        assertTrue(positions.keySet().stream().allMatch(p -> p.matches("P\\d{4}")));
        assertTrue(shorts, "some portfolio starts with a short position");
    }

    @Test
    void tradesAreAtThatDaysPricesInDateOrder() {
        LocalDate previous = LocalDate.MIN;
        for (String[] t : trades) {
            LocalDate date = LocalDate.parse(t[2]);
            assertFalse(date.isBefore(previous), "ordered by date");
            previous = date;
            Bar bar = sample.bars().get(t[1]).get(date);
            double price = Double.parseDouble(t[4]);
            assertTrue(price >= bar.low() && price <= bar.high(), "price within the day's range");
            assertTrue(t[3].matches("-?\\d+") && !t[3].equals("0"), "non-zero whole shares: " + t[3]);
        }
    }

    @Test
    void holdingsNeverNeedAnImpossibleSaleEvenAcrossSplits() {
        Map<String, Map<LocalDate, Double>> splits = sample.splits();
        Map<String, Map<String, Long>> holdings = new TreeMap<>();
        LocalDate current = null;
        int fullCloses = 0;
        int fullClosesAfterSplit = 0;
        Map<String, Boolean> splitSinceBought = new HashMap<>();
        int rebalancing = 0;
        for (String[] t : trades) {
            LocalDate date = LocalDate.parse(t[2]);
            if (!date.equals(current)) {
                for (Map<String, Long> h : holdings.values()) {
                    for (Map.Entry<String, Long> position : h.entrySet()) {
                        for (Map.Entry<LocalDate, Double> s : splits.getOrDefault(position.getKey(), Map.of()).entrySet()) {
                            if (s.getKey().isAfter(current) && !s.getKey().isAfter(date)) {
                                position.setValue(position.getValue() * s.getValue().longValue());
                                splitSinceBought.put(t[0] + position.getKey(), true);
                            }
                        }
                    }
                }
                current = date;
            }
            Map<String, Long> h = holdings.computeIfAbsent(t[0], p -> new HashMap<>());
            long held = h.getOrDefault(t[1], 0L);
            long quantity = Long.parseLong(t[3]);
            if (held != 0) {
                rebalancing++;
                if (Long.signum(quantity) != Long.signum(held)) {
                    assertTrue(Math.abs(quantity) <= Math.abs(held),
                            t[0] + " sells " + quantity + " of " + held + " " + t[1] + " on " + date);
                }
            }
            long after = held + quantity;
            if (held != 0 && after == 0) {
                fullCloses++;
                if (splitSinceBought.getOrDefault(t[0] + t[1], false)) {
                    fullClosesAfterSplit++;
                }
                h.remove(t[1]);
                splitSinceBought.remove(t[0] + t[1]);
            } else {
                h.put(t[1], after);
            }
        }
        assertTrue(fullCloses > 0, "some positions are closed entirely");
        assertTrue(fullClosesAfterSplit > 0, "precondition: a position is closed after a split");
        double perPortfolioMonth = rebalancing / 10.0 / (87 / 21.0);
        assertTrue(perPortfolioMonth >= 1.5 && perPortfolioMonth <= 5, perPortfolioMonth + " trades a month");
    }
}
