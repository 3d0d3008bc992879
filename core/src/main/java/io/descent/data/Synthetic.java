package io.descent.data;

import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;

/**
 * The lecture's two-dimensional classification pictures, drawn from a seed: the same seed gives the same
 * points on every machine. Each returns {@code n} points [n, 2] in float32 with class labels; sample i
 * belongs to class {@code i % classes}, so classes are balanced and interleaved. {@code noise} is the
 * standard deviation of the Gaussian noise added to each coordinate.
 */
public final class Synthetic {
    private Synthetic() {
    }

    /**
     * {@code classes} Gaussian blobs of standard deviation {@code noise} whose centres sit evenly on a circle
     * of radius 2: linearly separable (one class against each other) while {@code noise} stays well below
     * the distance from a centre to the boundary, 2 sin(pi / classes).
     */
    public static Dataset blobs(int n, int classes, double noise, long seed) {
        check(n, noise);
        if (classes < 2) {
            throw new IllegalArgumentException("blobs: needs at least 2 classes, got " + classes);
        }
        Rng rng = new Rng(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            double angle = 2 * Math.PI * c / classes;
            x[2 * i] = (float) (2 * Math.cos(angle) + noise * rng.nextGaussian());
            x[2 * i + 1] = (float) (2 * Math.sin(angle) + noise * rng.nextGaussian());
            y[i] = c;
        }
        return Dataset.classification(Tensor.wrap(x, n, 2), y, classes);
    }

    /**
     * XOR: four Gaussian clusters at (±1, ±1); class 1 where the signs of the centre's coordinates differ.
     * No line separates the classes; one hidden layer does.
     */
    public static Dataset xor(int n, double noise, long seed) {
        check(n, noise);
        Rng rng = new Rng(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double sx = rng.nextDouble() < 0.5 ? -1 : 1;
            double sy = c == 1 ? -sx : sx;
            x[2 * i] = (float) (sx + noise * rng.nextGaussian());
            x[2 * i + 1] = (float) (sy + noise * rng.nextGaussian());
            y[i] = c;
        }
        return Dataset.classification(Tensor.wrap(x, n, 2), y, 2);
    }

    /**
     * Two interleaving half circles, as scikit-learn's make_moons: class 0 on (cos t, sin t), class 1 on
     * (1 - cos t, 1/2 - sin t), t uniform in [0, pi].
     */
    public static Dataset moons(int n, double noise, long seed) {
        check(n, noise);
        Rng rng = new Rng(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double t = Math.PI * rng.nextDouble();
            double px = c == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double py = c == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            x[2 * i] = (float) (px + noise * rng.nextGaussian());
            x[2 * i + 1] = (float) (py + noise * rng.nextGaussian());
            y[i] = c;
        }
        return Dataset.classification(Tensor.wrap(x, n, 2), y, 2);
    }

    /**
     * Two spirals winding one and a half turns around the origin, the second the first turned by pi:
     * radius r = t and angle 3 pi t for t uniform in [0.05, 1].
     */
    public static Dataset spirals(int n, double noise, long seed) {
        check(n, noise);
        Rng rng = new Rng(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double t = 0.05 + 0.95 * rng.nextDouble();
            double angle = 3 * Math.PI * t + c * Math.PI;
            x[2 * i] = (float) (t * Math.cos(angle) + noise * rng.nextGaussian());
            x[2 * i + 1] = (float) (t * Math.sin(angle) + noise * rng.nextGaussian());
            y[i] = c;
        }
        return Dataset.classification(Tensor.wrap(x, n, 2), y, 2);
    }

    private static void check(int n, double noise) {
        if (n < 0 || n > (Integer.MAX_VALUE - 8) / 2) {
            throw new IllegalArgumentException("number of points must be in [0, " + (Integer.MAX_VALUE - 8) / 2
                    + "] (two coordinates each fill one array), got " + n);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite standard deviation >= 0, got " + noise);
        }
    }
}
