package io.descent.optim;

import io.descent.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Parameters that share settings, as PyTorch's parameter groups: a group may override the optimizer's
 * learning rate and weight decay; what it leaves unset comes from the optimizer's configuration.
 *
 * <pre>{@code
 * var decayed = ParamGroup.of(weights);                          // a Map<String, Parameter> or a List<Parameter>
 * var biases = ParamGroup.of(biasMap).withWeightDecay(0);        // no decay on biases
 * Optimizer adamw = Optimizers.adamw(List.of(decayed, biases), AdamConfig.adamwDefaults());
 * }</pre>
 *
 * <p>A group built from a map ({@code Module.namedParameters()} or a part of it) keeps the names, and the
 * optimizer's saved state refers to each parameter by its name, so that a state loads into an optimizer
 * whose parameters come in another order and a renamed parameter is refused. A group built from a list
 * has no names: the optimizer names its parameters by their position among all groups ("0", "1", ...),
 * which only an optimizer given the same parameters in the same order can load.
 *
 * @param parameters  the parameters of the group, in a fixed order
 * @param names       the parameters' names, one for each in the same order, or empty when named by position
 * @param lr          the group's learning rate, or empty for the optimizer's
 * @param weightDecay the group's weight decay, or empty for the optimizer's
 */
public record ParamGroup(List<Parameter> parameters, List<String> names, OptionalDouble lr,
        OptionalDouble weightDecay) {

    public ParamGroup {
        parameters = List.copyOf(parameters);
        names = List.copyOf(names);
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("parameter group: needs at least one parameter");
        }
        if (!names.isEmpty() && names.size() != parameters.size()) {
            throw new IllegalArgumentException("parameter group: " + names.size() + " names for " + parameters.size()
                    + " parameters");
        }
        lr.ifPresent(v -> Check.nonNegative("parameter group", "lr", v));
        weightDecay.ifPresent(v -> Check.nonNegative("parameter group", "weight decay", v));
    }

    /** A group with the optimizer's settings, its parameters named by position. */
    public static ParamGroup of(List<Parameter> parameters) {
        return new ParamGroup(parameters, List.of(), OptionalDouble.empty(), OptionalDouble.empty());
    }

    /** A group with the optimizer's settings, its parameters named by the map's keys, in the map's order. */
    public static ParamGroup of(Map<String, Parameter> named) {
        return new ParamGroup(new ArrayList<>(named.values()), new ArrayList<>(named.keySet()), OptionalDouble.empty(),
                OptionalDouble.empty());
    }

    /** Whether the parameters carry names (else the optimizer names them by position). */
    public boolean isNamed() {
        return !names.isEmpty();
    }

    public ParamGroup withLr(double value) {
        return new ParamGroup(parameters, names, OptionalDouble.of(value), weightDecay);
    }

    public ParamGroup withWeightDecay(double value) {
        return new ParamGroup(parameters, names, lr, OptionalDouble.of(value));
    }
}
