package io.descent.nn;

import io.descent.tensor.DType;
import io.descent.tensor.Rng;

/**
 * The models of the lectures and benchmarks, ready made. Weights are initialized as PyTorch does, from one
 * seed: each layer draws from its own generator split off {@code new Rng(seed)} in order.
 *
 * <pre>{@code
 * Module logreg = Models.linear(784, 10);                                        // softmax regression
 * Module mlp = Models.mlp(784, 10).hidden(1000, 1000).batchNorm(true).build();   // ReLU, with BatchNorm
 * Module cnn = Models.cnn();                                                     // for 1x28x28 images
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

    /**
     * A multilayer perceptron from {@code in} inputs to {@code out} raw scores; the returned builder takes the
     * hidden widths, activation, BatchNorm, dropout, seed and dtype, each with its default, and builds it.
     */
    public static MlpBuilder mlp(int in, int out) {
        return new MlpBuilder(in, out);
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
