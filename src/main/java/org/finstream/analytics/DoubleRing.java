package org.finstream.analytics;

import java.util.Objects;

/**
 * Fixed-capacity ring buffer of doubles that can also be used as a bounded double-ended queue.
 *
 * <p>Indexing: {@code get(0)} is the oldest value, {@code get(size() - 1)} the newest.
 * {@link #push(double)} appends a newest value; on a full ring it overwrites (evicts) the oldest
 * one, so a caller that needs the evicted value reads {@link #oldest()} before pushing.
 *
 * <p>A Flink POJO: the getters and setters expose the raw storage for the serializer only.
 */
public class DoubleRing {
    private double[] values;
    /** Physical index of the oldest value. */
    private int start;
    private int size;

    public DoubleRing() {}

    public DoubleRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.values = new double[capacity];
    }

    /** Appends {@code x} as the newest value, overwriting the oldest one when the ring is full. */
    public void push(double x) {
        if (size == values.length) {
            values[start] = x;
            start = physical(1);
        } else {
            values[physical(size)] = x;
            size++;
        }
    }

    /** The {@code i}-th value, 0 being the oldest. */
    public double get(int i) {
        return values[physical(Objects.checkIndex(i, size))];
    }

    /** The oldest value (index 0). */
    public double oldest() {
        return get(0);
    }

    /** The newest value (index {@code size() - 1}). */
    public double newest() {
        return get(size - 1);
    }

    /** Removes and returns the oldest value. */
    public double removeOldest() {
        double value = oldest();
        start = physical(1);
        size--;
        return value;
    }

    /** Removes and returns the newest value. */
    public double removeNewest() {
        double value = newest();
        size--;
        return value;
    }

    /** Number of values held. */
    public int size() {
        return size;
    }

    /** Maximum number of values held. */
    public int capacity() {
        return values.length;
    }

    /** Whether the ring holds {@link #capacity()} values, so the next push evicts the oldest. */
    public boolean full() {
        return size == values.length;
    }

    private int physical(int i) {
        int p = start + i;
        return p >= values.length ? p - values.length : p;
    }

    public double[] getValues() { return values; }
    public void setValues(double[] values) { this.values = values; }
    public int getStart() { return start; }
    public void setStart(int start) { this.start = start; }
    public int getSize() { return size; }
    public void setSize(int size) { this.size = size; }
}
