package io.descent.spark;

import io.descent.data.CsrMatrix;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The samples of one partition: its blocks ({@link Shard}s), which together hold the consecutive global indices
 * {@code first .. first + rows - 1}. A step's rows are gathered from the blocks holding them into one batch, so
 * a partition computes its share of a batch in one forward pass however many blocks it reads; nothing puts the
 * blocks together into one array.
 */
final class PartitionRows {
    private final List<Shard> blocks;
    /** starts[b] = blocks.get(b).first(), increasing. */
    private final int[] starts;
    private final int first;
    private final int rows;

    private PartitionRows(List<Shard> blocks) {
        blocks.sort((a, b) -> Integer.compare(a.first(), b.first()));
        this.blocks = blocks;
        this.starts = new int[blocks.size()];
        int n = 0;
        for (int b = 0; b < blocks.size(); b++) {
            Shard s = blocks.get(b);
            if (b > 0 && s.first() != starts[0] + n) {
                throw new IllegalStateException("a partition's blocks are not consecutive: block at " + s.first()
                        + " follows samples up to " + (starts[0] + n - 1));
            }
            if (b > 0 && s.isSparse() != blocks.get(0).isSparse()) {
                throw new IllegalStateException("a partition mixes sparse and dense blocks");
            }
            starts[b] = s.first();
            n += s.rows();
        }
        this.first = blocks.isEmpty() ? 0 : starts[0];
        this.rows = n;
    }

    /** The blocks Spark hands a task for its partition. */
    static PartitionRows of(Iterator<Shard> it) {
        List<Shard> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return new PartitionRows(list);
    }

    static PartitionRows of(Shard shard) {
        return new PartitionRows(new ArrayList<>(List.of(shard)));
    }

    /** The global index of the partition's first sample (0 when it has none). */
    int first() {
        return first;
    }

    int rows() {
        return rows;
    }

    int blocks() {
        return blocks.size();
    }

    boolean holds(int index) {
        return index >= first && index - first < rows;
    }

    /** The partition's rows among {@code batch} (global indices), in the batch's order, as local row numbers. */
    int[] select(int[] batch) {
        int count = 0;
        for (int g : batch) {
            if (holds(g)) {
                count++;
            }
        }
        int[] local = new int[count];
        int k = 0;
        for (int g : batch) {
            if (holds(g)) {
                local[k++] = g - first;
            }
        }
        return local;
    }

    /** All the local rows, in order. */
    int[] allRows() {
        int[] all = new int[rows];
        for (int i = 0; i < rows; i++) {
            all[i] = i;
        }
        return all;
    }

    /** The block holding local row {@code row}. */
    private int blockOf(int row) {
        int g = first + row;
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) { // the last block starting at or before g
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= g) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * The features and targets of {@code localRows}, in that order, of the model's dtype: dense features as a
     * tensor, sparse ones as a {@link CsrMatrix} of {@code featureSize} columns (never densified).
     */
    Batch gather(int[] localRows, DataShape shape, DType dtype) {
        int fs = shape.featureSize();
        int ts = shape.targetSize();
        int m = localRows.length;
        float[] y = new float[m * ts];
        boolean sparse = !blocks.isEmpty() && blocks.get(0).isSparse();
        int[] ptr = sparse ? new int[m + 1] : null;
        float[] x = sparse ? null : new float[m * fs];
        int[] blockOfRow = new int[m];
        for (int i = 0; i < m; i++) {
            int b = blockOf(localRows[i]);
            blockOfRow[i] = b;
            Shard s = blocks.get(b);
            int r = first + localRows[i] - s.first();
            System.arraycopy(s.targets(), r * ts, y, i * ts, ts);
            if (sparse) {
                ptr[i + 1] = ptr[i] + s.sparse().nnz(r);
            } else {
                System.arraycopy(s.features(), r * fs, x, i * fs, fs);
            }
        }
        Tensor targets = Tensor.wrap(y, shape.batchTargets(m));
        targets = dtype == DType.FLOAT32 ? targets : targets.to(dtype);
        if (!sparse) {
            Tensor features = Tensor.wrap(x, shape.batchFeatures(m));
            return new Batch(dtype == DType.FLOAT32 ? features : features.to(dtype), null, targets);
        }
        int[] cols = new int[ptr[m]];
        float[] vals = new float[ptr[m]];
        for (int i = 0; i < m; i++) {
            Shard s = blocks.get(blockOfRow[i]);
            SparseRows sr = s.sparse();
            int r = first + localRows[i] - s.first();
            System.arraycopy(sr.cols(), sr.rowPtr()[r], cols, ptr[i], ptr[i + 1] - ptr[i]);
            System.arraycopy(sr.vals(), sr.rowPtr()[r], vals, ptr[i], ptr[i + 1] - ptr[i]);
        }
        return new Batch(null, new CsrMatrix(m, fs, ptr, cols, vals), targets);
    }

    /** A gathered batch: dense {@code features} or {@code sparse} rows, and the targets. */
    record Batch(Tensor features, CsrMatrix sparse, Tensor targets) {
        /** The model's output for the batch: sparse rows go through {@code forwardSparse}. */
        Tensor forward(io.descent.nn.Module model) {
            return sparse != null ? model.forwardSparse(sparse) : model.forward(features);
        }

        int size() {
            return targets.shape().dims()[0];
        }
    }
}
