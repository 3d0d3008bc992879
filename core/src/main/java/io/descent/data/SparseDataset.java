package io.descent.data;

import io.descent.tensor.Tensor;

/**
 * Samples with sparse features (LIBSVM data): a CSR matrix [N, D] and targets with N rows, with the same
 * meaning of targets and {@code numClasses} as {@link Dataset}.
 */
public final class SparseDataset {
    private final CsrMatrix features;
    private final Tensor targets;
    private final int numClasses;

    public SparseDataset(CsrMatrix features, Tensor targets, int numClasses) {
        Targets.check(targets, features.rows(), numClasses);
        this.features = features;
        this.targets = targets.detach();
        this.numClasses = numClasses;
    }

    public int size() {
        return features.rows();
    }

    /** Number of feature columns D. */
    public int numFeatures() {
        return features.cols();
    }

    public CsrMatrix features() {
        return features;
    }

    public Tensor targets() {
        return targets;
    }

    public int numClasses() {
        return numClasses;
    }

    public boolean isClassification() {
        return numClasses > 0;
    }

    /** The samples at {@code rows}, copied, in that order. */
    public SparseDataset subset(int[] rows) {
        return new SparseDataset(features.gatherRows(rows), targets.gatherRows(rows), numClasses);
    }

    @Override
    public String toString() {
        return "SparseDataset(" + size() + " samples, " + numFeatures() + " features, " + features.nnz()
                + " non-zeros, " + (numClasses > 0 ? numClasses + " classes" : "targets " + targets.shape()) + ")";
    }
}
