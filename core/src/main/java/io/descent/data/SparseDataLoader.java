package io.descent.data;

import io.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * Minibatches of a {@link SparseDataset}, with the shuffling, epochs and state of {@link DataLoader}. The
 * rows of a batch are copied into CSR buffers that grow to the largest batch seen and are then reused; a
 * batch is valid until the next one.
 */
public final class SparseDataLoader extends RowLoader<SparseBatch> {
    private final SparseDataset data;
    private final int[] rowPtr;
    private int[] colIdx = new int[1024];
    private float[] values = new float[1024];
    private final Tensor y;
    private final int[] classes;
    private Tensor tailY;
    private int[] tailClasses;

    public SparseDataLoader(SparseDataset dataset, int batchSize, boolean shuffle, boolean dropLast, long seed) {
        super(dataset.size(), batchSize, shuffle, dropLast, seed);
        this.data = dataset;
        int rows = Math.min(batchSize, dataset.size());
        rowPtr = new int[rows + 1];
        y = Rows.withRows(dataset.targets(), rows);
        classes = dataset.isClassification() ? new int[rows] : null;
    }

    public SparseDataset dataset() {
        return data;
    }

    @Override
    SparseBatch assemble(int[] order, int from, int count) {
        CsrMatrix x = data.features();
        int[] srcPtr = x.rowPtr();
        int nnz = 0;
        for (int i = 0; i < count; i++) {
            int r = order[from + i];
            nnz += srcPtr[r + 1] - srcPtr[r];
        }
        if (nnz > colIdx.length) {
            int cap = Math.max(nnz, 2 * colIdx.length);
            colIdx = Arrays.copyOf(colIdx, cap);
            values = Arrays.copyOf(values, cap);
        }
        for (int i = 0; i < count; i++) {
            int r = order[from + i];
            int len = srcPtr[r + 1] - srcPtr[r];
            System.arraycopy(x.colIdx(), srcPtr[r], colIdx, rowPtr[i], len);
            System.arraycopy(x.values(), srcPtr[r], values, rowPtr[i], len);
            rowPtr[i + 1] = rowPtr[i] + len;
        }
        boolean isFull = count == bufferRows();
        Tensor by = isFull ? y : tailY(count);
        int[] bc = classes == null ? null : isFull ? classes : tailClasses(count);
        Rows.gather(data.targets(), order, from, count, by);
        if (bc != null) {
            Rows.gatherClasses(data.targets(), order, from, count, bc);
        }
        return new SparseBatch(CsrMatrix.trusted(count, x.cols(), rowPtr, colIdx, values), by, bc);
    }

    private int bufferRows() {
        return rowPtr.length - 1;
    }

    private Tensor tailY(int count) {
        if (tailY == null || tailY.dim(0) != count) {
            tailY = y.sliceRows(0, count);
        }
        return tailY;
    }

    private int[] tailClasses(int count) {
        if (tailClasses == null || tailClasses.length != count) {
            tailClasses = new int[count];
        }
        return tailClasses;
    }
}
