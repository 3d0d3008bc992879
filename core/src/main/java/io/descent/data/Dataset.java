package io.descent.data;

import io.descent.InvalidInputException;
import io.descent.tensor.Tensor;

/**
 * Samples held in memory: features as one dense tensor [N, ...] (rows contiguous, float32 unless you pass
 * float64) and targets as one tensor with N rows.
 *
 * <p>One design serves every loss:
 * <ul>
 *   <li>classification ({@code numClasses > 0}): targets are [N] holding class indices 0 .. C-1 as exact
 *       floats; {@link Batch#classes()} hands them to a cross-entropy loss as an {@code int[]};</li>
 *   <li>regression and ±1 labels ({@code numClasses == 0}): targets are [N] or [N, k] real values, used as
 *       is by a square, logistic or hinge loss ({@link #signed()} turns two classes into ±1).</li>
 * </ul>
 *
 * <pre>{@code
 * Dataset moons = Synthetic.moons(500, 0.1, 7);
 * for (Batch b : new DataLoader(moons, 32, true, false, 42)) { ... b.x() [32, 2], b.classes() ... }
 * }</pre>
 *
 * Immutable in use: the tensors are shared, not copied, so do not change them in place.
 */
public final class Dataset {
    private final Tensor features;
    private final Tensor targets;
    private final int numClasses;

    /**
     * @param features   [N, ...], any rank from 1
     * @param targets    [N] or [N, k]; class indices when {@code numClasses > 0}
     * @param numClasses the number of classes, or 0 for real-valued targets
     */
    public Dataset(Tensor features, Tensor targets, int numClasses) {
        if (features.rank() < 1) {
            throw new IllegalArgumentException("features must have a sample dimension, got a scalar");
        }
        Targets.check(targets, features.dim(0), numClasses);
        this.features = features.detach();
        this.targets = targets.detach();
        this.numClasses = numClasses;
    }

    /** Features with integer class labels in [0, numClasses). */
    public static Dataset classification(Tensor features, int[] labels, int numClasses) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
        return new Dataset(features, Targets.ofClasses(labels, numClasses), numClasses);
    }

    /** Features with real-valued targets [N] or [N, k]. */
    public static Dataset regression(Tensor features, Tensor targets) {
        return new Dataset(features, targets, 0);
    }

    /** Number of samples N. */
    public int size() {
        return features.dim(0);
    }

    public Tensor features() {
        return features;
    }

    public Tensor targets() {
        return targets;
    }

    /** Number of classes, or 0 for real-valued targets. */
    public int numClasses() {
        return numClasses;
    }

    public boolean isClassification() {
        return numClasses > 0;
    }

    /** Elements per sample (784 for a 1x28x28 image). */
    public int featureSize() {
        return Rows.width(features);
    }

    /** The class of sample {@code i}. */
    public int label(int i) {
        requireClasses("label");
        return (int) targets.getFlat(i);
    }

    /** All class labels, as a new array. */
    public int[] labels() {
        requireClasses("labels");
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) targets.getFlat(i);
        }
        return out;
    }

    /** The samples at {@code rows}, copied, in that order. */
    public Dataset subset(int[] rows) {
        return new Dataset(features.gatherRows(rows), targets.gatherRows(rows), numClasses);
    }

    /** The same targets with other features of N rows (what a scaler returns). */
    public Dataset withFeatures(Tensor newFeatures) {
        return new Dataset(newFeatures, targets, numClasses);
    }

    /** Features viewed as [N, featureSize()] (what a multilayer perceptron takes); no copy. */
    public Dataset flattened() {
        return features.rank() == 2 ? this : withFeatures(features.reshape(size(), featureSize()));
    }

    /** Two classes as real targets -1 (class 0) and +1 (class 1), for logistic and hinge losses. */
    public Dataset signed() {
        if (numClasses != 2) {
            throw new IllegalStateException("signed(): needs two classes, this data set has "
                    + (numClasses == 0 ? "real-valued targets" : numClasses + " classes"));
        }
        float[] y = new float[size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = targets.getFlat(i) == 0 ? -1f : 1f;
        }
        return regression(features, Tensor.wrap(y, y.length));
    }

    /**
     * Fails on the first NaN or infinity in the features or targets, naming its row and column: data with one
     * would only make training diverge later, far from the cause. The trainers check their data with it.
     *
     * @param source what the data is, for the message ("training data")
     * @return this data set
     * @throws InvalidInputException naming the row (from 0) and the feature or target column
     */
    public Dataset requireFinite(String source) {
        check(source, features, "feature");
        check(source, targets, "target");
        return this;
    }

    private void check(String source, Tensor t, String what) {
        int bad = firstNonFinite(t);
        if (bad >= 0) {
            int width = t.size() / size();
            throw new InvalidInputException(source, "row " + (bad / width) + ", " + what + " " + (bad % width),
                    "is " + t.getFlat(bad) + "; the data must hold finite numbers only");
        }
    }

    /** The index of the first NaN or infinity, or -1: x - x is 0 for finite x, NaN otherwise. */
    private static int firstNonFinite(Tensor t) {
        int n = t.size();
        int o = t.offset();
        if (t.dtype() == io.descent.tensor.DType.FLOAT32) {
            float[] a = t.floats();
            for (int start = 0; start < n; start += FINITE_BLOCK) {
                int end = Math.min(n, start + FINITE_BLOCK);
                if (allFinite(a, o + start, o + end)) {
                    continue;
                }
                for (int i = start; i < end; i++) {
                    if (a[o + i] - a[o + i] != 0) {
                        return i;
                    }
                }
            }
        } else {
            double[] a = t.doubles();
            for (int i = 0; i < n; i++) {
                if (a[o + i] - a[o + i] != 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static final int FINITE_BLOCK = 1 << 14;

    /**
     * Whether a[from .. to) are all finite, by their exponent bits: a loop without a branch that the JIT
     * vectorizes (the exponent field 0xFF, infinity or NaN, carries into the sign bit when 1 is added to it),
     * so that checking 47 million pixels before training costs milliseconds.
     */
    private static boolean allFinite(float[] a, int from, int to) {
        int carry = 0;
        for (int i = from; i < to; i++) {
            carry |= (Float.floatToRawIntBits(a[i]) & 0x7F800000) + 0x00800000;
        }
        return carry >= 0;
    }

    private void requireClasses(String op) {
        if (numClasses == 0) {
            throw new IllegalStateException(op + "(): this data set has real-valued targets, not classes");
        }
    }

    @Override
    public String toString() {
        return "Dataset(" + size() + " samples, features " + features.shape() + " "
                + features.dtype().name().toLowerCase() + ", "
                + (numClasses > 0 ? numClasses + " classes" : "targets " + targets.shape()) + ")";
    }
}
