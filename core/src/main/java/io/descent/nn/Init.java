package io.descent.nn;

import io.descent.tensor.Rng;
import io.descent.tensor.Shape;
import io.descent.tensor.Tensor;
import java.util.function.DoubleSupplier;

/**
 * Weight initializers, as in {@code torch.nn.init}, drawing from a seeded {@link Rng}. Each fills a tensor in
 * place (a parameter's value is written directly, nothing is recorded) and returns it.
 *
 * <p>Fans follow PyTorch: for a weight [out, in] (Linear) or [out, in, kh, kw] (Conv2d),
 * {@code fanIn = in * kh * kw} and {@code fanOut = out * kh * kw}.
 * <ul>
 *   <li>Xavier/Glorot (Glorot and Bengio 2010): variance {@code gain^2 * 2 / (fanIn + fanOut)}.</li>
 *   <li>Kaiming/He (He et al. 2015): variance {@code gain^2 / fan}, with {@code fan} = fanIn (keeps the
 *       forward signal's scale) or fanOut (the backward one). With {@link #RELU_GAIN} it is He's
 *       {@code 2 / fanIn}.</li>
 * </ul>
 *
 * <pre>{@code
 * Linear layer = new Linear(784, 256, true, new Rng(0));
 * Init.kaimingNormal(layer.weight().value(), Init.RELU_GAIN, Init.Fan.IN, new Rng(1));
 * }</pre>
 */
public final class Init {
    /** The gain for linear layers, sigmoid and the identity. */
    public static final double LINEAR_GAIN = 1.0;
    /** The gain for ReLU: sqrt(2). */
    public static final double RELU_GAIN = Math.sqrt(2.0);
    /** The gain for tanh: 5/3. */
    public static final double TANH_GAIN = 5.0 / 3.0;

    /** Which fan Kaiming's scale divides by. */
    public enum Fan { IN, OUT }

    private Init() {
    }

    /** The gain for a leaky ReLU of slope {@code a}: sqrt(2 / (1 + a^2)) ({@code a = sqrt 5} gives PyTorch's default init). */
    public static double leakyReluGain(double a) {
        return Math.sqrt(2.0 / (1 + a * a));
    }

    public static int fanIn(Shape s) {
        checkRank(s);
        return s.dim(1) * receptiveField(s);
    }

    public static int fanOut(Shape s) {
        checkRank(s);
        return s.dim(0) * receptiveField(s);
    }

    private static int receptiveField(Shape s) {
        int r = 1;
        for (int i = 2; i < s.rank(); i++) {
            r *= s.dim(i);
        }
        return r;
    }

    private static void checkRank(Shape s) {
        if (s.rank() < 2) {
            throw new IllegalArgumentException("fans need a weight of rank 2 or more, got shape " + s);
        }
    }

    /** U(-a, a) with a = gain * sqrt(6 / (fanIn + fanOut)). */
    public static Tensor xavierUniform(Tensor w, double gain, Rng rng) {
        double a = gain * Math.sqrt(6.0 / (fanIn(w.shape()) + fanOut(w.shape())));
        return uniform(w, -a, a, rng);
    }

    /** N(0, std^2) with std = gain * sqrt(2 / (fanIn + fanOut)). */
    public static Tensor xavierNormal(Tensor w, double gain, Rng rng) {
        double std = gain * Math.sqrt(2.0 / (fanIn(w.shape()) + fanOut(w.shape())));
        return normal(w, 0, std, rng);
    }

    /** U(-b, b) with b = gain * sqrt(3 / fan). */
    public static Tensor kaimingUniform(Tensor w, double gain, Fan fan, Rng rng) {
        double b = gain * Math.sqrt(3.0 / fan(w.shape(), fan));
        return uniform(w, -b, b, rng);
    }

    /** N(0, std^2) with std = gain / sqrt(fan). */
    public static Tensor kaimingNormal(Tensor w, double gain, Fan fan, Rng rng) {
        return normal(w, 0, gain / Math.sqrt(fan(w.shape(), fan)), rng);
    }

    private static int fan(Shape s, Fan fan) {
        int f = fan == Fan.IN ? fanIn(s) : fanOut(s);
        if (f == 0) {
            throw new IllegalArgumentException("kaiming init: shape " + s + " has a fan of 0");
        }
        return f;
    }

    /** Independent values uniform in [lo, hi). */
    public static Tensor uniform(Tensor w, double lo, double hi, Rng rng) {
        return fill(w, () -> rng.uniform(lo, hi));
    }

    /** Independent values from N(mean, std^2). */
    public static Tensor normal(Tensor w, double mean, double std, Rng rng) {
        return fill(w, () -> mean + std * rng.nextGaussian());
    }

    /** Every element set to {@code value}. */
    public static Tensor constant(Tensor w, double value) {
        return fill(w, () -> value);
    }

    /** Writes straight into the storage: initialization is not part of any graph. */
    private static Tensor fill(Tensor w, DoubleSupplier next) {
        int o = w.offset();
        if (Kernels.isF32(w)) {
            float[] a = w.floats();
            for (int i = 0; i < w.size(); i++) {
                a[o + i] = (float) next.getAsDouble();
            }
        } else {
            double[] a = w.doubles();
            for (int i = 0; i < w.size(); i++) {
                a[o + i] = next.getAsDouble();
            }
        }
        return w;
    }
}
