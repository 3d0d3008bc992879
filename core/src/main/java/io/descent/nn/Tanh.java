package io.descent.nn;

import io.descent.tensor.Tensor;

/** tanh x; derivative 1 - tanh^2 x. */
public final class Tanh extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }

    @Override
    public Spec spec() {
        return Spec.of("Tanh");
    }
}
