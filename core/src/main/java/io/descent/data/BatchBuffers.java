package io.descent.data;

import io.descent.tensor.Tensor;
import java.util.Arrays;

/** One batch's reused buffers: labels (and class indices), then dense rows or CSR rows. */
final class BatchBuffers {
    final float[] y;
    final int[] classes;
    final float[] bx;
    final int[] bPtr;
    int[] bCols = new int[0];
    float[] bVals = new float[0];
    private final Tensor yFull;
    private final Tensor xFull;
    private final int features;
    /** Rows filled, 0 at the epoch's end. */
    int rows;

    BatchBuffers(int batchSize, int features, boolean dense, boolean withClasses) {
        this.features = features;
        y = new float[batchSize];
        classes = withClasses ? new int[batchSize] : null;
        bx = dense ? new float[Math.multiplyExact(batchSize, features)] : null;
        bPtr = dense ? null : new int[batchSize + 1];
        yFull = Tensor.wrap(y, batchSize);
        xFull = dense ? Tensor.wrap(bx, batchSize, features) : null;
    }

    /** Bytes of one batch's buffers, with {@code nonZeros} stored values when sparse. */
    static long bytes(int batchSize, int features, boolean dense, long nonZeros) {
        return 8L * batchSize + (dense ? 4L * batchSize * features : 4L * (batchSize + 1) + 8L * nonZeros);
    }

    Batch batch(int n) {
        boolean whole = n == y.length;
        return new Batch(whole ? xFull : xFull.sliceRows(0, n), whole ? yFull : yFull.sliceRows(0, n),
                classes == null ? null : whole ? classes : Arrays.copyOf(classes, n));
    }

    SparseBatch sparseBatch(int n) {
        boolean whole = n == y.length;
        return new SparseBatch(CsrMatrix.trusted(n, features, bPtr, bCols, bVals),
                whole ? yFull : yFull.sliceRows(0, n), classes == null ? null : whole ? classes : Arrays.copyOf(classes, n));
    }
}
