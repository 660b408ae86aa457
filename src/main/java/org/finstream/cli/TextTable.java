package org.finstream.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: each column as wide as its widest cell, two spaces apart; numeric columns right-aligned. */
final class TextTable {
    private final int firstNumeric;
    private final List<String[]> rows = new ArrayList<>();

    /** @param firstNumeric the first of the right-aligned columns (the column count: none) */
    TextTable(int firstNumeric) {
        this.firstNumeric = firstNumeric;
    }

    TextTable row(Object... cells) {
        String[] text = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            text[i] = cells[i] == null ? "-" : cells[i].toString();
        }
        rows.add(text);
        return this;
    }

    void print(PrintWriter out) {
        int[] widths = new int[rows.stream().mapToInt(r -> r.length).max().orElse(0)];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String pad = " ".repeat(widths[i] - row[i].length());
                line.append(i == 0 ? "" : "  ").append(i >= firstNumeric ? pad + row[i] : row[i] + pad);
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
