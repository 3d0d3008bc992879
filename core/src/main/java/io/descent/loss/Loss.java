package io.descent.loss;

import io.descent.tensor.Tensor;

/**
 * A loss: a scalar from a model's output and the targets, differentiable with respect to the output (the
 * targets are data, not variables: no gradient flows to them).
 *
 * <pre>{@code
 * Loss loss = new CrossEntropyLoss();
 * Tensor value = loss.apply(model.forward(x), y);   // a scalar
 * value.backward();
 * }</pre>
 */
@FunctionalInterface
public interface Loss {
    Tensor apply(Tensor output, Tensor target);
}
