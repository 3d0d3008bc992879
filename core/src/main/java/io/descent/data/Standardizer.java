package io.descent.data;

import io.descent.tensor.Tensor;

/**
 * Standardization: x' = (x - mean) / std per feature, with the mean and the (population) standard deviation
 * of the training data only, so that nothing of the validation or test data leaks into training. A
 * constant feature (std 0) is only centred.
 *
 * <pre>{@code
 * Standardizer s = Standardizer.fit(split.train());
 * Dataset train = s.transform(split.train()), validation = s.transform(split.validation());
 * }</pre>
 */
public final class Standardizer extends FeatureScaler {
    private Standardizer(double[] mean, double[] invStd) {
        super(mean, invStd);
    }

    public static Standardizer fit(Dataset train) {
        return fit(train.features());
    }

    /** Fits on features [N, ...]; the statistics are per element of a sample. */
    public static Standardizer fit(Tensor train) {
        requireSamples(train, "Standardizer");
        int n = train.dim(0);
        int d = Rows.width(train);
        double[] mean = means(train);
        double[] invStd = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double dev = train.getFlat(i * d + j) - mean[j];
                invStd[j] += dev * dev;
            }
        }
        for (int j = 0; j < d; j++) {
            double std = Math.sqrt(invStd[j] / n);
            invStd[j] = std > 0 ? 1 / std : 1;
        }
        return new Standardizer(mean, invStd);
    }

    /** Per-feature means of a tensor [N, ...] seen as [N, d], accumulated in double. */
    private static double[] means(Tensor x) {
        int n = x.dim(0);
        int d = Rows.width(x);
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x.getFlat(i * d + j);
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        return mean;
    }

    /** The training means, per feature. */
    public double[] mean() {
        return shift();
    }

    /** The training standard deviations, per feature (1 where the feature is constant). */
    public double[] std() {
        double[] s = scale();
        for (int j = 0; j < s.length; j++) {
            s[j] = 1 / s[j];
        }
        return s;
    }
}
