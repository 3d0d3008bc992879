package io.descent.nn;

import io.descent.tensor.Tensor;

/** max(0, x); derivative 1 where x &gt; 0, else 0 (0 at the kink, as PyTorch). */
public final class ReLU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }

    @Override
    public Spec spec() {
        return Spec.of("ReLU");
    }
}
