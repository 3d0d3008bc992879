package io.descent.nn;

import io.descent.tensor.Tensor;

/** Keeps the batch dimension and flattens the rest, [N, C, H, W] to [N, C H W]: a view, no copy. */
public final class Flatten extends Module {
    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 1) {
            throw new IllegalArgumentException("Flatten: input is a scalar; it needs a batch dimension");
        }
        return x.rank() == 2 ? x : x.flattenFrom1();
    }

    @Override
    public Spec spec() {
        return Spec.of("Flatten");
    }
}
