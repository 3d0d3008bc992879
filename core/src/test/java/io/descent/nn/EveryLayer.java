package io.descent.nn;

import io.descent.tensor.DType;
import io.descent.tensor.Rng;

/** A small network with one module of every type, with non-default hyperparameters, for 1x8x8 inputs. */
public final class EveryLayer {
    private EveryLayer() {
    }

    public static Module model(DType dtype, long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(
                new Conv2d(1, 4, 3, 2, 1, true, dtype, rng), new BatchNorm2d(4, 1e-4, 0.2, true, dtype),
                new LeakyReLU(0.2), new MaxPool2d(2, 1), new Conv2d(4, 2, 2, 1, 0, false, dtype, rng),
                new ELU(0.5), new Flatten(), new Dropout(0.25, rng),
                new Sequential(new Linear(8, 6, true, dtype, rng), new BatchNorm1d(6, dtype), new GELU()),
                new Linear(6, 5, false, dtype, rng), new Softplus(2), new Sigmoid(), new Tanh(), new ReLU(),
                new Linear(5, 3, true, dtype, rng));
    }
}
