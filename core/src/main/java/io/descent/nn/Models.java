package io.descent.nn;

import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The models of the lectures and benchmarks, ready made. Weights are initialized as PyTorch does, from one
 * seed: each layer draws from its own generator split off {@code new Rng(seed)} in order.
 *
 * <pre>{@code
 * Module logreg = Models.linear(784, 10);                                          // softmax regression
 * Module mlp = Models.mlp(784, new int[] {1000, 1000}, 10, ReLU::new, true, 0.0, 0);  // with BatchNorm
 * Module cnn = Models.cnn();                                                       // for 1x28x28 images
 * }</pre>
 */
public final class Models {
    private Models() {
    }

    /** One {@link Linear} layer with bias (seed 0, float32): with a loss, a linear model. */
    public static Module linear(int in, int out) {
        return linear(in, out, 0, DType.FLOAT32);
    }

    public static Module linear(int in, int out, long seed, DType dtype) {
        return new Linear(in, out, true, dtype, new Rng(seed).split());
    }

    /** A float32 multilayer perceptron; see {@link #mlp(int, int[], int, Supplier, boolean, double, long, DType)}. */
    public static Module mlp(int in, int[] hidden, int out, Supplier<? extends Module> activation, boolean batchNorm,
            double dropout, long seed) {
        return mlp(in, hidden, out, activation, batchNorm, dropout, seed, DType.FLOAT32);
    }

    /**
     * A multilayer perceptron, as a {@link Sequential}: for each hidden width h, Linear(., h), then
     * BatchNorm1d(h) if {@code batchNorm}, the activation, then Dropout(dropout) if {@code dropout > 0}; and a
     * last Linear(., out) with no activation (losses take raw scores).
     *
     * @param activation makes one activation module per hidden layer, e.g. {@code ReLU::new}
     */
    public static Module mlp(int in, int[] hidden, int out, Supplier<? extends Module> activation, boolean batchNorm,
            double dropout, long seed, DType dtype) {
        Rng rng = new Rng(seed);
        List<Module> layers = new ArrayList<>();
        int width = in;
        for (int h : hidden) {
            layers.add(new Linear(width, h, true, dtype, rng.split()));
            if (batchNorm) {
                layers.add(new BatchNorm1d(h, dtype));
            }
            layers.add(activation.get());
            if (dropout > 0) {
                layers.add(new Dropout(dropout, rng.split()));
            }
            width = h;
        }
        layers.add(new Linear(width, out, true, dtype, rng.split()));
        return new Sequential(layers);
    }

    /** {@link #cnn(long, DType)} with seed 0 in float32. */
    public static Module cnn() {
        return cnn(0, DType.FLOAT32);
    }

    /**
     * The small convolutional network of the Fashion-MNIST benchmark (the same as the PyTorch peer), for
     * [N, 1, 28, 28] inputs and 10 classes:
     * <pre>
     *   Conv2d(1, 32, 5, padding 2)  -> ReLU -> MaxPool2d(2)    [N, 32, 14, 14]
     *   Conv2d(32, 64, 5, padding 2) -> ReLU -> MaxPool2d(2)    [N, 64, 7, 7]
     *   Flatten -> Linear(3136, 256) -> ReLU -> Linear(256, 10)
     * </pre>
     * Padding 2 keeps each 5x5 convolution "same" size, so each pooling halves 28 to 14 to 7. 857,738 parameters.
     */
    public static Module cnn(long seed, DType dtype) {
        Rng rng = new Rng(seed);
        return new Sequential(
                new Conv2d(1, 32, 5, 1, 2, true, dtype, rng.split()), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 5, 1, 2, true, dtype, rng.split()), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(64 * 7 * 7, 256, true, dtype, rng.split()), new ReLU(),
                new Linear(256, 10, true, dtype, rng.split()));
    }
}
