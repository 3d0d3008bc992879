package io.descent.optim;

import io.descent.nn.Parameter;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Parameters that share settings, as PyTorch's parameter groups: a group may override the optimizer's
 * learning rate and weight decay; what it leaves unset comes from the optimizer's configuration.
 *
 * <pre>{@code
 * var decayed = ParamGroup.of(weights);
 * var biases = ParamGroup.of(biasList).withWeightDecay(0);       // no decay on biases
 * Optimizer adamw = Optimizers.adamw(List.of(decayed, biases), AdamConfig.adamwDefaults());
 * }</pre>
 *
 * @param parameters  the parameters of the group, in a fixed order (saved states refer to it)
 * @param lr          the group's learning rate, or empty for the optimizer's
 * @param weightDecay the group's weight decay, or empty for the optimizer's
 */
public record ParamGroup(List<Parameter> parameters, OptionalDouble lr, OptionalDouble weightDecay) {

    public ParamGroup {
        parameters = List.copyOf(parameters);
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("parameter group: needs at least one parameter");
        }
        lr.ifPresent(v -> Check.nonNegative("parameter group", "lr", v));
        weightDecay.ifPresent(v -> Check.nonNegative("parameter group", "weight decay", v));
    }

    /** A group with the optimizer's settings. */
    public static ParamGroup of(List<Parameter> parameters) {
        return new ParamGroup(parameters, OptionalDouble.empty(), OptionalDouble.empty());
    }

    public ParamGroup withLr(double value) {
        return new ParamGroup(parameters, OptionalDouble.of(value), weightDecay);
    }

    public ParamGroup withWeightDecay(double value) {
        return new ParamGroup(parameters, lr, OptionalDouble.of(value));
    }
}
