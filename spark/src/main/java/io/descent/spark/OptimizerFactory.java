package io.descent.spark;

import io.descent.nn.Parameter;
import io.descent.optim.Optimizer;
import java.io.Serializable;
import java.util.List;

/**
 * Makes the optimizer for a model's parameters. Synchronous training calls it once, on the driver; local SGD
 * also calls it on every executor for the local steps, so it must be serializable: write it as a lambda that
 * builds the configuration inside, capturing numbers and strings only.
 *
 * <pre>{@code
 * OptimizerFactory adam = params -> Optimizers.adam(params, AdamConfig.defaults().withLr(1e-3));
 * OptimizerFactory sgd = params -> Optimizers.sgd(params, SgdConfig.defaults().withLr(0.1).withMomentum(0.9));
 * }</pre>
 */
@FunctionalInterface
public interface OptimizerFactory extends Serializable {
    Optimizer create(List<Parameter> parameters);
}
