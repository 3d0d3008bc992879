package io.descent.data;

import io.descent.tensor.DType;
import io.descent.tensor.Tensor;

/**
 * A per-feature affine map x' = (x - shift) * scale, fitted on training data and applied to any data with
 * the same features. {@link Standardizer} and {@link MinMaxScaler} differ only in how they fit it.
 */
public abstract class FeatureScaler {
    private final double[] shift;
    private final double[] scale;

    FeatureScaler(double[] shift, double[] scale) {
        this.shift = shift;
        this.scale = scale;
    }

    /** Number of features (elements per sample) it was fitted on. */
    public int features() {
        return shift.length;
    }

    /** The per-feature shift (mean or minimum), a copy. */
    public double[] shift() {
        return shift.clone();
    }

    /** The per-feature factor (1/std or 1/range), a copy. */
    public double[] scale() {
        return scale.clone();
    }

    /** A new tensor [N, ...] with every feature mapped; the input is unchanged. */
    public Tensor transform(Tensor features) {
        int n = features.dim(0);
        int d = Rows.width(features);
        if (d != shift.length) {
            throw new IllegalArgumentException("scaler fitted on " + shift.length + " features, got " + features.shape());
        }
        Tensor out = features.copy();
        int o = out.offset();
        if (out.dtype() == DType.FLOAT32) {
            float[] a = out.floats();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    a[o + i * d + j] = (float) ((a[o + i * d + j] - shift[j]) * scale[j]);
                }
            }
        } else {
            double[] a = out.doubles();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    a[o + i * d + j] = (a[o + i * d + j] - shift[j]) * scale[j];
                }
            }
        }
        return out;
    }

    /** The data set with transformed features and the same targets. */
    public Dataset transform(Dataset data) {
        return data.withFeatures(transform(data.features()));
    }

    static void requireSamples(Tensor train, String what) {
        if (train.rank() < 1 || train.dim(0) == 0) {
            throw new IllegalArgumentException(what + ".fit: the training data is empty");
        }
    }
}
