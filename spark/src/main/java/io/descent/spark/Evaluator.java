package io.descent.spark;

import io.descent.nn.Module;

/** A number computed from the model at the end of each epoch, on the driver (validation accuracy, say). */
@FunctionalInterface
public interface Evaluator {
    double evaluate(Module model);
}
