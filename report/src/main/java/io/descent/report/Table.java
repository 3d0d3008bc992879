package io.descent.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of results for a report section: a header row and rows of the same width whose cells are text or
 * numbers. Numbers are written with {@link Numbers#format} and aligned right.
 *
 * <pre>{@code
 * Table t = Table.of("optimizer", "final loss", "epochs")
 *         .row("sgd", 0.0412, 30)
 *         .row("adam", 0.0177, 12);
 * }</pre>
 *
 * @param header the column names
 * @param rows   the rows; each cell a {@link String} or a {@link Number}
 */
public record Table(List<String> header, List<List<Object>> rows) {

    /** Checks that the header is non-empty and every row has as many cells, each text or a number. */
    public Table {
        header = List.copyOf(header);
        if (header.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            List<Object> row = List.copyOf(rows.get(r));
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("table row " + r + " has " + row.size() + " cells but the header "
                        + header + " has " + header.size());
            }
            for (Object cell : row) {
                if (!(cell instanceof String || cell instanceof Number)) {
                    throw new IllegalArgumentException("table row " + r + ": cells must be text or numbers, got "
                            + cell.getClass().getName());
                }
            }
            copy.add(row);
        }
        rows = List.copyOf(copy);
    }

    /** A table with these column names and no rows yet. */
    public static Table of(String... header) {
        return new Table(List.of(header), List.of());
    }

    /** A new table with {@code cells} added as the last row. */
    public Table row(Object... cells) {
        List<List<Object>> more = new ArrayList<>(rows);
        more.add(List.of(cells));
        return new Table(header, more);
    }

    /** Whether every cell of column {@code c} is a number (then the page aligns its header right too). */
    boolean numericColumn(int c) {
        return !rows.isEmpty() && rows.stream().allMatch(r -> r.get(c) instanceof Number);
    }

    /** The text of a cell as the page shows it. */
    static String text(Object cell) {
        return cell instanceof Number n ? Numbers.format(n) : (String) cell;
    }
}
