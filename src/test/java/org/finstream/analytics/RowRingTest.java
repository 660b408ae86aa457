package org.finstream.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class RowRingTest {

    @Test
    void keepsTheLastRowsOldestFirst() {
        RowRing ring = new RowRing(2, 3);
        assertEquals(2, ring.capacity());
        assertEquals(3, ring.getWidth());
        ring.push(new double[] {1, 2, 3});
        assertFalse(ring.full());
        assertEquals(1, ring.size());
        ring.push(new double[] {4, 5, 6});
        ring.push(new double[] {7, 8, 9});
        assertTrue(ring.full());
        assertEquals(2, ring.size());
        assertArrayEquals(new double[] {4, 5, 6}, ring.row(0));
        assertArrayEquals(new double[] {7, 8, 9}, ring.row(1));
        assertEquals(8.0, ring.get(1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> ring.get(2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> ring.get(0, 3));
        assertThrows(IllegalArgumentException.class, () -> ring.push(new double[] {1, 2}));
    }

    @Test
    void isAFlinkPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RowRing.class);
    }
}
