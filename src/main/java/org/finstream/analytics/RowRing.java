package org.finstream.analytics;

import java.util.Objects;

/**
 * Fixed-capacity ring of rows of {@code width} doubles, stored row after row in one
 * {@link DoubleRing} of {@code capacity * width} cells.
 *
 * <p>Indexing: row 0 is the oldest, row {@code size() - 1} the newest. Pushing a row onto a full
 * ring overwrites the oldest row.
 *
 * <p>A Flink POJO: the getters and setters exist for the serializer.
 */
public class RowRing {
    private DoubleRing cells;
    private int width;

    public RowRing() {}

    public RowRing(int capacity, int width) {
        if (capacity < 1 || width < 1) {
            throw new IllegalArgumentException("capacity and width must be >= 1: " + capacity + ", " + width);
        }
        this.cells = new DoubleRing(capacity * width);
        this.width = width;
    }

    /** Appends {@code row} (length {@code width}) as the newest row. */
    public void push(double[] row) {
        if (row.length != width) {
            throw new IllegalArgumentException("row length " + row.length + " != width " + width);
        }
        for (double value : row) {
            cells.push(value);
        }
    }

    /** Column {@code column} of row {@code row}, row 0 being the oldest. */
    public double get(int row, int column) {
        return cells.get(Objects.checkIndex(row, size()) * width + Objects.checkIndex(column, width));
    }

    /** A copy of row {@code row}, row 0 being the oldest. */
    public double[] row(int row) {
        double[] copy = new double[width];
        for (int j = 0; j < width; j++) {
            copy[j] = get(row, j);
        }
        return copy;
    }

    /** Number of rows held. */
    public int size() {
        return cells.size() / width;
    }

    /** Maximum number of rows held. */
    public int capacity() {
        return cells.capacity() / width;
    }

    /** Whether the ring holds {@link #capacity()} rows. */
    public boolean full() {
        return cells.full();
    }

    public DoubleRing getCells() { return cells; }
    public void setCells(DoubleRing cells) { this.cells = cells; }
    /** Number of doubles per row. */
    public int getWidth() { return width; }
    public void setWidth(int width) { this.width = width; }
}
