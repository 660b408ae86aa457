package org.finstream.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.finstream.reference.SymbolMetricsReference;
import org.junit.jupiter.api.Test;

/**
 * One symbol's day-by-day metrics against the independent brute-force reference, fed the
 * benchmark and factor series the reference derives from its own symbols.
 */
class SymbolMetricsTest {
    private static final List<String> SERIES = List.of("SPY", "TLT", "IWM", "IWD", "IWF", "MTUM", "QUAL", "USMV");
    private static final LocalDate START = LocalDate.of(2022, 1, 3);
    private final MetricsSpec spec = new MetricsSpec(new int[] {4, 9}, 252, 7,
            List.of("size", "value", "momentum", "quality", "low_vol"), 11,
            List.of("mkt", "size", "value", "momentum", "quality", "low_vol"), 1e-4, 6, 5);
    private final SymbolMetricsReference.Params params = SymbolMetricsReference.Params.defaults()
            .withWindows(new int[] {4, 9}, 7, 11, 6, 5);

    /** Random walks that skip random days; SPY stands still for 20 days (zero variance). */
    @Test
    void matchesTheReferenceWithMissingSeriesDatesAndAConstantBenchmarkStretch() {
        Random rnd = new Random(3);
        int days = 150;
        SymbolMetricsReference reference = new SymbolMetricsReference(params);
        double[][] closes = new double[SERIES.size() + 1][days];
        boolean[][] trades = new boolean[SERIES.size() + 1][days];
        for (int s = 0; s <= SERIES.size(); s++) {
            double c = 50 + 10 * s;
            for (int i = 0; i < days; i++) {
                boolean spyFlat = s == 0 && i >= 60 && i < 80; // SPY's return is exactly 0 for 20 days
                c = spyFlat ? c : c * (1 + rnd.nextGaussian() * 0.01 * (s + 1));
                closes[s][i] = c;
                trades[s][i] = i < 3 || rnd.nextInt(12) != 0;
                String symbol = s < SERIES.size() ? SERIES.get(s) : "XYZ";
                if (trades[s][i]) {
                    reference.addBar(symbol, START.plusDays(i), c * 1.01, c * 0.99, c, 100 + i);
                }
            }
        }
        Map<String, SortedMap<LocalDate, Map<String, Double>>> expected = reference.compute();

        SymbolMetrics metrics = new SymbolMetrics(spec);
        int xyz = SERIES.size();
        double[] last = new double[SERIES.size()];
        Arrays.fill(last, Double.NaN);
        boolean nullBetaSeen = false;
        for (int i = 0; i < days; i++) {
            double[] returns = new double[SERIES.size()];
            for (int s = 0; s < SERIES.size(); s++) {
                returns[s] = trades[s][i] && !Double.isNaN(last[s]) ? closes[s][i] / last[s] - 1 : Double.NaN;
                last[s] = trades[s][i] ? closes[s][i] : last[s];
            }
            double[] series = {returns[0], returns[1], returns[2] - returns[0], returns[3] - returns[4],
                returns[5] - returns[0], returns[6] - returns[0], returns[7] - returns[0]};
            if (!trades[xyz][i]) {
                continue;
            }
            double c = closes[xyz][i];
            SymbolMetrics.Day day = metrics.addDay(spec, START.plusDays(i).toEpochDay(), c * 1.01, c * 0.99, c, 100 + i,
                    1, 0, series);
            Map<String, Double> want = expected.get("XYZ").get(START.plusDays(i));
            assertClose(want.get("return"), day.ret(), "return day " + i);
            for (int k = 0; k < spec.columns().size(); k++) {
                assertClose(want.get(spec.columns().get(k)), day.values()[k], spec.columns().get(k) + " day " + i);
            }
            nullBetaSeen |= i > 20 && day.values()[spec.columns().indexOf("beta_mkt_7")] == null;
        }
        assertTrue(nullBetaSeen, "a window of identical benchmark returns has no beta");
    }

    @Test
    void rejectsDaysOutOfOrderAndKnowsItsShape() {
        SymbolMetrics metrics = new SymbolMetrics(spec);
        double[] none = new double[7];
        Arrays.fill(none, Double.NaN);
        metrics.addDay(spec, 100, 1, 1, 1, 1, 1, 0, none);
        assertThrows(IllegalArgumentException.class, () -> metrics.addDay(spec, 100, 1, 1, 1, 1, 1, 0, none));
        assertTrue(metrics.fits(spec));
        MetricsSpec other = new MetricsSpec(new int[] {4, 10}, 252, 7, spec.spreadNames(), 11, spec.factorNames(),
                1e-4, 6, 5);
        assertFalse(metrics.fits(other), "other windows need other state");
    }

    @Test
    void survivesAFlinkSerializerRoundTrip() throws IOException {
        Random rnd = new Random(5);
        SymbolMetrics original = new SymbolMetrics(spec);
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<SymbolMetrics> serializer = TypeInformation.of(SymbolMetrics.class).createSerializer(config);
        SymbolMetrics restored = null;
        for (int i = 0; i < 60; i++) {
            double[] series = rnd.doubles(7).map(x -> (x - 0.5) / 50).toArray();
            double c = 100 + rnd.nextGaussian();
            Double[] a = original.addDay(spec, i, c + 1, c - 1, c, 1000, 1, 0, series).values();
            if (i == 30) {
                DataOutputSerializer out = new DataOutputSerializer(1024);
                serializer.serialize(original, out);
                restored = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            } else if (restored != null) {
                assertArrayEquals(a, restored.addDay(spec, i, c + 1, c - 1, c, 1000, 1, 0, series).values());
            }
        }
        assertNotNull(restored);
    }

    private static void assertClose(Double expected, Double actual, String what) {
        if (expected == null) {
            assertNull(actual, what);
        } else {
            assertNotNull(actual, what);
            assertEquals(expected, actual, 1e-9 * Math.abs(expected) + 1e-300, what);
        }
    }
}
