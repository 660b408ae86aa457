package org.finstream.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class DoubleRingTest {

    @Test
    void pushEvictsOldestAndIndexesFromOldest() {
        DoubleRing ring = new DoubleRing(3);
        assertEquals(0, ring.size());
        assertEquals(3, ring.capacity());
        ring.push(1);
        ring.push(2);
        assertFalse(ring.full());
        ring.push(3);
        assertTrue(ring.full());
        ring.push(4);
        ring.push(5);
        assertEquals(3, ring.size());
        assertEquals(3.0, ring.get(0));
        assertEquals(4.0, ring.get(1));
        assertEquals(5.0, ring.get(2));
        assertEquals(3.0, ring.oldest());
        assertEquals(5.0, ring.newest());
        assertThrows(IndexOutOfBoundsException.class, () -> ring.get(3));
        assertThrows(IndexOutOfBoundsException.class, () -> ring.get(-1));
    }

    @Test
    void capacityOneKeepsTheNewest() {
        DoubleRing ring = new DoubleRing(1);
        for (int i = 0; i < 5; i++) {
            ring.push(i);
            assertEquals(i, ring.newest());
            assertEquals(i, ring.oldest());
            assertEquals(1, ring.size());
        }
        assertThrows(IllegalArgumentException.class, () -> new DoubleRing(0));
    }

    @Test
    void behavesLikeABoundedWindowAndDeque() {
        Random random = new Random(7);
        DoubleRing ring = new DoubleRing(5);
        ArrayDeque<Double> expected = new ArrayDeque<>();
        for (int step = 0; step < 10_000; step++) {
            int op = random.nextInt(4);
            if (op <= 1 || expected.isEmpty()) {
                double x = random.nextGaussian();
                if (expected.size() == 5) {
                    expected.removeFirst();
                }
                expected.addLast(x);
                ring.push(x);
            } else if (op == 2) {
                assertEquals(expected.removeFirst(), ring.removeOldest());
            } else {
                assertEquals(expected.removeLast(), ring.removeNewest());
            }
            List<Double> content = new ArrayList<>(expected);
            assertEquals(content.size(), ring.size());
            assertEquals(content.size() == 5, ring.full());
            for (int i = 0; i < content.size(); i++) {
                assertEquals(content.get(i), ring.get(i));
            }
        }
    }

    @Test
    void isAFlinkPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DoubleRing.class);
    }
}
