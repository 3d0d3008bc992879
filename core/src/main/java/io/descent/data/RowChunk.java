package io.descent.data;

import java.util.Arrays;

/**
 * The parsed rows of one chunk of a data file, in file order: the unit the background parser hands to the shuffle
 * buffer and the binary cache stores. Dense rows (CSV, IDX: {@code features} float32 values each) or sparse rows
 * (LIBSVM: CSR, 0-based columns). Every row keeps its key (the byte offset of its line for text; see
 * {@link RowSplit}) and its label.
 *
 * <p>The arrays are reused from fill to fill and may be longer than what is used: only the first {@link #rows()}
 * rows (and {@code rowPtr[rows]} non-zeros) count. One chunk is filled by one thread at a time.
 */
public final class RowChunk {
    /** How a chunk holds its features. */
    public enum Kind {
        DENSE, SPARSE
    }

    private final Kind kind;
    private int index = -1;
    private long firstLine = -1;
    private int rows;
    private int features;
    private long[] keys = new long[1024];
    private float[] labels = new float[1024];
    private float[] x = new float[0];
    private int[] rowPtr = new int[1025];
    private int[] cols = new int[4096];
    private float[] vals = new float[4096];

    public RowChunk(Kind kind, int features) {
        this.kind = kind;
        this.features = features;
    }

    /** Forgets the rows, keeping the storage, and names the chunk this fill is of. */
    public void reset(int chunkIndex, long firstLineNumber) {
        index = chunkIndex;
        firstLine = firstLineNumber;
        rows = 0;
    }

    /**
     * Forgets the rows and makes room for exactly {@code rows} rows (and, sparse, {@code nnz} non-zeros), whose
     * contents the caller then writes straight into {@link #keys()}, {@link #labels()} and {@link #x()} or
     * {@link #rowPtr()}, {@link #cols()}, {@link #vals()}: the bulk fill of a binary reader, one copy per array
     * instead of one per row. The arrays' old contents are unspecified afterwards.
     */
    public void resetForBulk(int chunkIndex, long firstLineNumber, int rows, long nnz) {
        long values = kind == Kind.DENSE ? (long) rows * features : nnz;
        if (rows < 0 || values < 0 || rows >= FloatList.MAX_SIZE || values > FloatList.MAX_SIZE) {
            throw new IllegalArgumentException("a chunk of " + rows + " rows and " + values
                    + " values is more than one array holds");
        }
        reset(chunkIndex, firstLineNumber);
        if (keys.length < rows) {
            keys = new long[rows];
            labels = new float[rows];
        }
        if (rowPtr.length < rows + 1) {
            rowPtr = new int[rows + 1];
        }
        if (kind == Kind.DENSE) {
            if (x.length < values) {
                x = new float[(int) values];
            }
        } else if (cols.length < values) {
            cols = new int[(int) values];
            vals = new float[(int) values];
        }
        rowPtr[0] = 0;
        this.rows = rows;
    }

    /** Appends a dense row of {@link #features()} values from {@code row[from ..]}. */
    public void addDense(long key, float label, float[] row, int from) {
        if (kind != Kind.DENSE) {
            throw new IllegalStateException("a sparse chunk takes sparse rows");
        }
        reserveRow();
        if ((long) (rows + 1) * features > x.length) {
            x = Arrays.copyOf(x, (int) Math.min(FloatList.MAX_SIZE, Math.max((long) (rows + 1) * features,
                    2L * x.length)));
        }
        System.arraycopy(row, from, x, rows * features, features);
        finishRow(key, label);
    }

    /** Appends a sparse row: {@code n} entries {@code c[from + i], v[from + i]}, columns 0-based and increasing. */
    public void addSparse(long key, float label, int[] c, float[] v, int from, int n) {
        if (kind != Kind.SPARSE) {
            throw new IllegalStateException("a dense chunk takes dense rows");
        }
        reserveRow();
        int at = rowPtr[rows];
        if (at + n > cols.length) {
            int cap = (int) Math.min(FloatList.MAX_SIZE, Math.max((long) at + n, 2L * cols.length));
            cols = Arrays.copyOf(cols, cap);
            vals = Arrays.copyOf(vals, cap);
        }
        System.arraycopy(c, from, cols, at, n);
        System.arraycopy(v, from, vals, at, n);
        rowPtr[rows + 1] = at + n;
        finishRow(key, label);
    }

    private void reserveRow() {
        if (rows == keys.length) {
            keys = Arrays.copyOf(keys, 2 * rows);
            labels = Arrays.copyOf(labels, 2 * rows);
            rowPtr = Arrays.copyOf(rowPtr, 2 * rows + 1);
        }
    }

    private void finishRow(long key, float label) {
        keys[rows] = key;
        labels[rows] = label;
        rows++;
    }

    public Kind kind() {
        return kind;
    }

    /** The chunk's number in its source's chunking, -1 before the first fill. */
    public int index() {
        return index;
    }

    /** Line number (1-based) of the chunk's first line in the source text, or -1 where it is not known. */
    public long firstLine() {
        return firstLine;
    }

    public int rows() {
        return rows;
    }

    /** Values per dense row; for sparse rows the number of columns known so far (0: not yet known). */
    public int features() {
        return features;
    }

    /** Sets the width, for sparse chunks whose column count becomes known after they were parsed. */
    public void setFeatures(int n) {
        features = n;
    }

    /** Non-zeros held (sparse), or values held (dense). */
    public long nnz() {
        return kind == Kind.SPARSE ? rowPtr[rows] : (long) rows * features;
    }

    /** Row keys (see {@link RowSplit}); the first {@link #rows()} count. */
    public long[] keys() {
        return keys;
    }

    public float[] labels() {
        return labels;
    }

    /** Dense values, row-major [rows, features]. */
    public float[] x() {
        return x;
    }

    /** CSR row pointers, {@code rows + 1} of them, starting at 0. */
    public int[] rowPtr() {
        return rowPtr;
    }

    public int[] cols() {
        return cols;
    }

    public float[] vals() {
        return vals;
    }

    /** Bytes of storage held (for memory accounting). */
    public long bytesHeld() {
        return 12L * keys.length + 4L * x.length + 4L * rowPtr.length + 8L * cols.length;
    }

    /** Copies this chunk's rows, index and width into {@code into} (which must be of the same kind). */
    public void copyTo(RowChunk into) {
        into.reset(index, firstLine);
        into.setFeatures(features);
        for (int r = 0; r < rows; r++) {
            if (kind == Kind.DENSE) {
                into.addDense(keys[r], labels[r], x, r * features);
            } else {
                into.addSparse(keys[r], labels[r], cols, vals, rowPtr[r], rowPtr[r + 1] - rowPtr[r]);
            }
        }
    }
}
