package io.descent.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The shape of one sample: its features' dimensions ({@code [784]}, {@code [1, 28, 28]}), its target's
 * ({@code []} for one number per sample, {@code [k]} for k), and the number of classes (0 for real targets).
 */
public record DataShape(int[] sample, int[] target, int numClasses) implements Serializable {

    public DataShape {
        sample = sample.clone();
        target = target.clone();
        for (int d : sample) {
            if (d <= 0) {
                throw new IllegalArgumentException("sample dimensions must be positive, got " + Arrays.toString(sample));
            }
        }
        for (int d : target) {
            if (d <= 0) {
                throw new IllegalArgumentException("target dimensions must be positive, got " + Arrays.toString(target));
            }
        }
        if (numClasses < 0) {
            throw new IllegalArgumentException("numClasses must be 0 or positive, got " + numClasses);
        }
    }

    /** Values per sample's features. */
    public int featureSize() {
        return product(sample);
    }

    /** Values per sample's target (1 for a scalar target). */
    public int targetSize() {
        return product(target);
    }

    /** The dimensions of a batch of {@code rows} samples' features. */
    int[] batchFeatures(int rows) {
        return prepend(rows, sample);
    }

    int[] batchTargets(int rows) {
        return prepend(rows, target);
    }

    /** The same samples with their features as one flat vector each, as a multilayer perceptron takes them. */
    public DataShape flattened() {
        return new DataShape(new int[] {featureSize()}, target, numClasses);
    }

    private static int[] prepend(int n, int[] dims) {
        int[] out = new int[dims.length + 1];
        out[0] = n;
        System.arraycopy(dims, 0, out, 1, dims.length);
        return out;
    }

    private static int product(int[] dims) {
        long p = 1;
        for (int d : dims) {
            p *= d;
        }
        if (p > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a sample of " + Arrays.toString(dims) + " has too many values");
        }
        return (int) p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataShape s && Arrays.equals(sample, s.sample) && Arrays.equals(target, s.target)
                && numClasses == s.numClasses;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(sample) + Arrays.hashCode(target)) + numClasses;
    }

    @Override
    public String toString() {
        return "DataShape(sample " + Arrays.toString(sample) + ", target " + Arrays.toString(target)
                + (numClasses > 0 ? ", " + numClasses + " classes" : "") + ")";
    }
}
