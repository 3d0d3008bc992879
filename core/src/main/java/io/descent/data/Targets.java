package io.descent.data;

import io.descent.tensor.Tensor;

/** Checks shared by dense and sparse data sets on their targets. */
final class Targets {
    private Targets() {
    }

    /**
     * Targets of {@code n} samples: rank 1 or 2 with {@code n} rows; with {@code numClasses > 0}, rank 1 and
     * every value a class index below {@code numClasses}.
     */
    static void check(Tensor targets, int n, int numClasses) {
        if (targets.rank() < 1 || targets.rank() > 2 || targets.dim(0) != n) {
            throw new IllegalArgumentException("targets " + targets.shape() + ": expected [" + n + "] or [" + n
                    + ", k] for " + n + " samples");
        }
        if (numClasses < 0) {
            throw new IllegalArgumentException("numClasses must be >= 0 (0 for real-valued targets), got " + numClasses);
        }
        if (numClasses == 0) {
            return;
        }
        if (targets.rank() != 1) {
            throw new IllegalArgumentException("class targets must have shape [" + n + "], got " + targets.shape());
        }
        for (int i = 0; i < n; i++) {
            double v = targets.getFlat(i);
            if (!(v >= 0 && v < numClasses && v == Math.rint(v))) {
                throw new IllegalArgumentException("target " + i + " is " + v + ", not a class index in [0, "
                        + numClasses + ")");
            }
        }
    }

    /** A float32 tensor [n] holding class indices. */
    static Tensor ofClasses(int[] labels, int numClasses) {
        float[] y = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + i + " is " + labels[i] + ", not a class in [0, "
                        + numClasses + ")");
            }
            y[i] = labels[i];
        }
        return Tensor.wrap(y, labels.length);
    }
}
