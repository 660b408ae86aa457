package org.finstream.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The primitives restored from Flink's POJO serializer (generic types disabled, as in the jobs)
 * carry their whole state: after a round trip they go on producing bit-identical results.
 */
class StateSerializationTest {

    private static <T> T roundTrip(T value, Class<T> type) throws IOException {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(config);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void rollingMomentsSurviveARoundTrip() throws IOException {
        Random random = new Random(41);
        RollingMoments original = new RollingMoments(3, 21);
        for (int i = 0; i < 30; i++) {
            original.add(random.nextGaussian());
        }
        RollingMoments restored = roundTrip(original, RollingMoments.class);
        for (int i = 0; i < 30; i++) {
            double x = random.nextGaussian();
            original.add(x);
            restored.add(x);
            for (int w : new int[] {3, 21}) {
                assertEquals(original.mean(w), restored.mean(w));
                assertEquals(original.sampleVariance(w), restored.sampleVariance(w));
            }
        }
    }

    @Test
    void rollingCoMomentsSurviveARoundTrip() throws IOException {
        Random random = new Random(42);
        RollingCoMoments original = new RollingCoMoments(5);
        for (int i = 0; i < 7; i++) {
            original.add(random.nextGaussian(), random.nextGaussian());
        }
        RollingCoMoments restored = roundTrip(original, RollingCoMoments.class);
        for (int i = 0; i < 10; i++) {
            double x = random.nextGaussian();
            double y = random.nextGaussian();
            original.add(x, y);
            restored.add(x, y);
            assertEquals(original.beta(), restored.beta());
            assertEquals(original.correlation(), restored.correlation());
        }
    }

    @Test
    void rollingExtremesSurviveARoundTrip() throws IOException {
        Random random = new Random(43);
        RollingExtremes original = new RollingExtremes(10);
        for (int i = 0; i < 15; i++) {
            original.add(random.nextGaussian());
        }
        RollingExtremes restored = roundTrip(original, RollingExtremes.class);
        for (int i = 0; i < 20; i++) {
            double x = random.nextGaussian();
            original.add(x);
            restored.add(x);
            assertEquals(original.max(), restored.max());
            assertEquals(original.min(), restored.min());
        }
    }

    @Test
    void rollingRidgeSurvivesARoundTrip() throws IOException {
        Random random = new Random(44);
        RollingRidge original = new RollingRidge(8, 2);
        for (int i = 0; i < 12; i++) {
            original.add(random.nextGaussian(), random.nextGaussian(), random.nextGaussian());
        }
        RollingRidge restored = roundTrip(original, RollingRidge.class);
        for (int i = 0; i < 10; i++) {
            double[] row = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            original.add(row[0], row[1], row[2]);
            restored.add(row[0], row[1], row[2]);
            RidgeFit expected = original.solve(1e-4);
            RidgeFit actual = restored.solve(1e-4);
            assertArrayEquals(expected.coefficients(), actual.coefficients());
            assertEquals(expected.alpha(), actual.alpha());
            assertEquals(expected.r2(), actual.r2());
        }
    }
}
