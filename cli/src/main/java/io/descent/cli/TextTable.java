package io.descent.cli;

import io.descent.report.Numbers;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A table for the terminal: columns padded to their widest cell, numbers right-aligned and written by {@link Numbers}. */
final class TextTable {
    private final List<String> header;
    private final List<Object[]> rows = new ArrayList<>();

    TextTable(String... header) {
        this.header = List.of(header);
    }

    TextTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row of " + cells.length + " cells for " + header.size() + " columns");
        }
        rows.add(cells.clone());
        return this;
    }

    static String text(Object cell) {
        if (cell instanceof Number n) {
            return Numbers.format(n);
        }
        return cell == null ? "-" : cell.toString();
    }

    void print(PrintWriter out) {
        int[] width = new int[header.size()];
        boolean[] numeric = new boolean[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            numeric[c] = !rows.isEmpty();
            for (Object[] r : rows) {
                width[c] = Math.max(width[c], text(r[c]).length());
                numeric[c] &= r[c] instanceof Number || r[c] == null;
            }
        }
        out.println(line(header.toArray(), width, numeric));
        for (Object[] r : rows) {
            out.println(line(r, width, numeric));
        }
        out.flush();
    }

    private static String line(Object[] cells, int[] width, boolean[] numeric) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            String t = text(cells[c]);
            String pad = " ".repeat(width[c] - t.length());
            b.append(c == 0 ? "" : "  ").append(numeric[c] ? pad + t : t + (c == cells.length - 1 ? "" : pad));
        }
        return b.toString();
    }
}
