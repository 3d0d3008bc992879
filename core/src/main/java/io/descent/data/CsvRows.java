package io.descent.data;

import io.descent.InvalidInputException;
import io.descent.tensor.Tensor;

/** Buffered dense rows of a CSV file, assembled into {@link Batch}es. */
final class CsvRows extends RowBuffer<Batch> {
    private final CsvParser parser;
    private final boolean header;
    private final String source;
    private final int capacity;
    private float[] x;
    private final float[] y;
    private int d = -1;
    private int rows;
    private Batch full;
    private Batch tail;

    CsvRows(CsvFormat format, String source, int capacity) {
        this.parser = new CsvParser(format, source);
        this.header = format.header();
        this.source = source;
        this.capacity = capacity;
        this.y = new float[capacity];
    }

    @Override
    void header(byte[] b, int s, int e, long line) {
        parser.header(b, s, e, line);
    }

    @Override
    boolean hasHeader() {
        return header;
    }

    @Override
    boolean parse(byte[] b, int s, int e, long line) {
        if (!parser.split(b, s, e, line)) {
            return false;
        }
        if (x == null) {
            d = parser.features();
            if ((long) capacity * d > FloatList.MAX_SIZE) {
                throw new InvalidInputException(source, "line " + line, capacity + " buffered rows of " + d
                        + " features do not fit one array; use fewer rows per chunk");
            }
            x = new float[capacity * d];
        }
        y[rows] = parser.parse(x, rows * d);
        noteLabel(y[rows]);
        rows++;
        return true;
    }

    @Override
    int rows() {
        return rows;
    }

    @Override
    void clear() {
        rows = 0;
    }

    @Override
    int numFeatures() {
        return Math.max(0, parser.features());
    }

    @Override
    void prepare(int batchSize, int numClasses, int numFeatures) {
        full = new Batch(Tensor.zeros(batchSize, numFeatures), Tensor.zeros(batchSize),
                numClasses > 0 ? new int[batchSize] : null);
    }

    @Override
    void copyToBatch(int row, int slot) {
        System.arraycopy(x, row * d, full.x().floats(), slot * d, d);
        full.y().floats()[slot] = y[row];
        if (full.classes() != null) {
            full.classes()[slot] = (int) y[row];
        }
    }

    @Override
    Batch batch(int count) {
        if (count == full.size()) {
            return full;
        }
        if (tail == null || tail.size() != count) {
            tail = new Batch(full.x().sliceRows(0, count), full.y().sliceRows(0, count),
                    full.classes() == null ? null : new int[count]);
        }
        if (tail.classes() != null) {
            System.arraycopy(full.classes(), 0, tail.classes(), 0, count);
        }
        return tail;
    }
}
