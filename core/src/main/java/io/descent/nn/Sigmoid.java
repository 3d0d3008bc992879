package io.descent.nn;

import io.descent.tensor.Tensor;

/** The logistic function 1 / (1 + e^-x), stable for either sign; derivative s (1 - s). */
public final class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.sigmoid();
    }

    @Override
    public Spec spec() {
        return Spec.of("Sigmoid");
    }
}
