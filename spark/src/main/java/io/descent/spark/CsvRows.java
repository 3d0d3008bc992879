package io.descent.spark;

import io.descent.InvalidInputException;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * Turns the rows Spark's CSV reader gives (all columns as strings) into one piece of samples per partition:
 * every column but the label is a float feature, the label a float target (a class index when asked).
 */
final class CsvRows implements FlatMapFunction<Iterator<Row>, Shard> {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String[] columns;
    private final int label;
    private final boolean classes;

    CsvRows(String source, String[] columns, int label, boolean classes) {
        this.source = source;
        this.columns = columns;
        this.label = label;
        this.classes = classes;
    }

    @Override
    public Iterator<Shard> call(Iterator<Row> rows) {
        int width = columns.length - 1;
        FloatBuffer x = new FloatBuffer();
        FloatBuffer y = new FloatBuffer();
        int n = 0;
        while (rows.hasNext()) {
            Row r = rows.next();
            if (r.length() != columns.length) {
                throw new InvalidInputException(source, "row " + r, r.length() + " fields, expected " + columns.length);
            }
            for (int i = 0; i < columns.length; i++) {
                float v = number(r, i);
                if (i == label) {
                    if (classes && !(v >= 0 && v == Math.rint(v))) {
                        throw new InvalidInputException(source, where(r, i), "label '" + r.get(i)
                                + "' is not a class index (a non-negative integer)");
                    }
                    y.add(v);
                } else {
                    x.add(v);
                }
            }
            n++;
        }
        if (x.size() != (long) n * width) {
            throw new IllegalStateException("csv: " + x.size() + " features for " + n + " rows");
        }
        return List.of(new Shard(0, n, x.toArray(), y.toArray())).iterator();
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
