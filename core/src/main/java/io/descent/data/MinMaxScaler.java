package io.descent.data;

import io.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * Min-max scaling: x' = (x - min) / (max - min) per feature, with the minimum and maximum of the training
 * data only; training values land in [0, 1], other data may fall outside. A constant feature maps to 0.
 */
public final class MinMaxScaler extends FeatureScaler {
    private final double[] max;

    private MinMaxScaler(double[] min, double[] max, double[] invRange) {
        super(min, invRange);
        this.max = max;
    }

    public static MinMaxScaler fit(Dataset train) {
        return fit(train.features());
    }

    /** Fits on features [N, ...]; the extremes are per element of a sample. */
    public static MinMaxScaler fit(Tensor train) {
        requireSamples(train, "MinMaxScaler");
        int n = train.dim(0);
        int d = Rows.width(train);
        double[] min = new double[d];
        double[] max = new double[d];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = train.getFlat(i * d + j);
                min[j] = Math.min(min[j], v);
                max[j] = Math.max(max[j], v);
            }
        }
        double[] invRange = new double[d];
        for (int j = 0; j < d; j++) {
            invRange[j] = max[j] > min[j] ? 1 / (max[j] - min[j]) : 1;
        }
        return new MinMaxScaler(min, max, invRange);
    }

    /** The training minima, per feature. */
    public double[] min() {
        return shift();
    }

    /** The training maxima, per feature. */
    public double[] max() {
        return max.clone();
    }
}
