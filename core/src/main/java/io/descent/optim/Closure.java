package io.descent.optim;

/**
 * Re-evaluates the objective at the parameters' current values: zero the gradients, compute the loss,
 * call {@code backward()}, return the loss. L-BFGS and Nesterov's look-ahead call it at points of their
 * choosing, as PyTorch's {@code optimizer.step(closure)}.
 */
@FunctionalInterface
public interface Closure {
    double evaluate();
}
