package io.descent.spark;

import io.descent.InvalidInputException;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * Turns the rows Spark's CSV reader gives (all columns as strings) into float32 blocks of at most
 * {@link BlockBounds} each: every column but the label is a float feature, the label a float target (a class
 * index when asked).
 */
final class CsvRows implements FlatMapFunction<Iterator<Row>, Shard> {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String[] columns;
    private final int label;
    private final boolean classes;
    private final BlockBounds bounds;

    CsvRows(String source, String[] columns, int label, boolean classes, BlockBounds bounds) {
        this.source = source;
        this.columns = columns;
        this.label = label;
        this.classes = classes;
        this.bounds = bounds;
    }

    @Override
    public Iterator<Shard> call(Iterator<Row> rows) {
        int width = columns.length - 1;
        int perBlock = bounds.denseRows(columns.length);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Shard next() {
                return block(rows, width, perBlock);
            }
        };
    }

    /** The next block: up to {@code perBlock} rows. */
    private Shard block(Iterator<Row> rows, int width, int perBlock) {
        float[] x = new float[perBlock * width];
        float[] y = new float[perBlock];
        int n = 0;
        while (n < perBlock && rows.hasNext()) {
            Row r = rows.next();
            if (r.length() != columns.length) {
                throw new InvalidInputException(source, "row " + r, r.length() + " fields, expected " + columns.length);
            }
            int f = n * width;
            for (int i = 0; i < columns.length; i++) {
                float v = number(r, i);
                if (i == label) {
                    if (classes && !(v >= 0 && v == Math.rint(v))) {
                        throw new InvalidInputException(source, where(r, i), "label '" + r.get(i)
                                + "' is not a class index (a non-negative integer)");
                    }
                    y[n] = v;
                } else {
                    x[f++] = v;
                }
            }
            n++;
        }
        return n == perBlock ? new Shard(0, n, x, y)
                : new Shard(0, n, Arrays.copyOf(x, n * width), Arrays.copyOf(y, n));
    }

    private float number(Row r, int i) {
        Object o = r.get(i);
        String s = o == null ? "" : o.toString().trim();
        if (s.isEmpty()) {
            throw new InvalidInputException(source, where(r, i), "empty field; expected a number");
        }
        float v;
        try {
            v = Float.parseFloat(s);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(source, where(r, i), "'" + s + "' is not a number");
        }
        if (!Float.isFinite(v)) {
            throw new InvalidInputException(source, where(r, i), "'" + s + "' is not a finite float");
        }
        return v;
    }

    private String where(Row r, int i) {
        return "row [" + r.mkString(",") + "], field " + (i + 1) + " ('" + columns[i] + "')";
    }
}
