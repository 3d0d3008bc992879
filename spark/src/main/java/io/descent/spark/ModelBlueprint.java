package io.descent.spark;

import io.descent.InvalidInputException;
import io.descent.loss.LossSpec;
import io.descent.nn.Architecture;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import java.io.Serializable;
import java.util.List;

/**
 * What an executor needs to compute gradients: the model's architecture (its spec, as plain data), its
 * dtype and the loss. The weights travel separately, every step, as a {@link FlatVector}.
 * BatchNorm's running statistics travel with them; how BatchNorm and Dropout behave on workers is
 * {@link WorkerState}'s to say.
 */
record ModelBlueprint(SpecData spec, DType dtype, int parameterCount, LossSpec loss) implements Serializable {

    /** The blueprint of {@code model}; fails for a model Spark training cannot distribute. */
    static ModelBlueprint of(Module model, LossSpec loss) {
        SpecData spec;
        try {
            spec = SpecData.of(model.spec());
        } catch (IllegalStateException e) {
            throw new InvalidInputException("model", "", "Spark training rebuilds the model on every executor from "
                    + "its architecture, but " + e.getMessage(), e);
        }
        List<Parameter> parameters = model.parameters();
        return new ModelBlueprint(spec, ParameterVectors.dtype(parameters), ParameterVectors.count(parameters), loss);
    }

    /** A fresh module of this architecture (its initial weights are overwritten by the caller). */
    Module build() {
        Module m = Architecture.build(spec.toSpec());
        int n = ParameterVectors.count(m.parameters());
        if (n != parameterCount) {
            throw new IllegalStateException("the rebuilt model has " + n + " parameters, the driver's " + parameterCount);
        }
        return m;
    }
}
