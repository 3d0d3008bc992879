package io.descent.data;

import io.descent.tensor.Tensor;
import java.util.Arrays;

/** Buffered sparse rows of a LIBSVM file, assembled into {@link SparseBatch}es. */
final class LibSvmRows extends RowBuffer<SparseBatch> {
    private final String source;
    private final LibSvmFormat format;
    private LibSvmParser parser;
    private final IntList rowStart = new IntList(1 << 12);
    private final IntList cols = new IntList(1 << 16);
    private final FloatList vals = new FloatList(1 << 16);
    private final FloatList labels = new FloatList(1 << 12);
    private int numFeatures;
    private int[] ptr;
    private int[] batchCols = new int[1 << 12];
    private float[] batchVals = new float[1 << 12];
    private Tensor y;
    private int[] classes;
    private Tensor tailY;
    private int[] tailClasses;

    LibSvmRows(LibSvmFormat format, String source) {
        this.source = source;
        this.format = format;
        this.parser = new LibSvmParser(source, format);
        rowStart.add(0);
    }

    @Override
    boolean parse(byte[] b, int s, int e, long line) {
        if (!parser.parse(b, s, e, line, cols, vals)) {
            return false;
        }
        rowStart.reserve(1);
        labels.reserve(1);
        rowStart.add(cols.size());
        labels.add(parser.label());
        noteLabel(parser.label());
        return true;
    }

    @Override
    int rows() {
        return labels.size();
    }

    @Override
    void clear() {
        rowStart.clear();
        rowStart.add(0);
        cols.clear();
        vals.clear();
        labels.clear();
    }

    @Override
    int numFeatures() {
        return numFeatures > 0 ? numFeatures : parser.maxIndex();
    }

    /**
     * From now on an index above {@code numFeatures} is an error: after indexing, a row that does not fit
     * the batches' width can only mean the file changed.
     */
    @Override
    void prepare(int batchSize, int numClasses, int features) {
        numFeatures = features;
        parser = new LibSvmParser(source, format, features);
        ptr = new int[batchSize + 1];
        y = Tensor.zeros(batchSize);
        classes = numClasses > 0 ? new int[batchSize] : null;
    }

    @Override
    void copyToBatch(int row, int slot) {
        int from = rowStart.get(row);
        int len = rowStart.get(row + 1) - from;
        int at = ptr[slot];
        if (at + len > batchCols.length) {
            int cap = Math.max(at + len, 2 * batchCols.length);
            batchCols = Arrays.copyOf(batchCols, cap);
            batchVals = Arrays.copyOf(batchVals, cap);
        }
        System.arraycopy(cols.array(), from, batchCols, at, len);
        System.arraycopy(vals.array(), from, batchVals, at, len);
        ptr[slot + 1] = at + len;
        float label = labels.array()[row];
        y.floats()[slot] = label;
        if (classes != null) {
            classes[slot] = (int) label;
        }
    }

    @Override
    SparseBatch batch(int count) {
        CsrMatrix x = CsrMatrix.trusted(count, numFeatures, ptr, batchCols, batchVals);
        if (count == batchCapacity()) {
            return new SparseBatch(x, y, classes);
        }
        if (tailY == null || tailY.dim(0) != count) {
            tailY = y.sliceRows(0, count);
            tailClasses = classes == null ? null : new int[count];
        }
        if (tailClasses != null) {
            System.arraycopy(classes, 0, tailClasses, 0, count);
        }
        return new SparseBatch(x, tailY, tailClasses);
    }

    private int batchCapacity() {
        return ptr.length - 1;
    }
}
