package io.descent.spark;

import io.descent.InvalidInputException;
import io.descent.nn.Parameter;
import io.descent.optim.AdagradConfig;
import io.descent.optim.AdamConfig;
import io.descent.optim.Optimizer;
import io.descent.optim.Optimizers;
import io.descent.optim.RmspropConfig;
import io.descent.optim.SgdConfig;
import java.util.List;
import java.util.Locale;

/**
 * An optimizer named on a command line, as plain data (so it serializes for local SGD's executors): sgd,
 * adam, adamw, adagrad or rmsprop, with a learning rate and a weight decay (NaN: the optimizer's default,
 * 0.01 for sgd's rate) and a momentum (sgd and rmsprop).
 */
public record OptimizerChoice(String name, double lr, double momentum, double weightDecay) implements OptimizerFactory {
    public static final List<String> NAMES = List.of("sgd", "adam", "adamw", "adagrad", "rmsprop");

    public OptimizerChoice {
        name = name.toLowerCase(Locale.ROOT);
        if (!NAMES.contains(name)) {
            throw new InvalidInputException("--optimizer", "", "unknown optimizer '" + name + "'; expected one of "
                    + String.join(", ", NAMES));
        }
    }

    @Override
    public Optimizer create(List<Parameter> p) {
        return switch (name) {
            case "sgd" -> Optimizers.sgd(p, SgdConfig.defaults().withLr(or(lr, 0.01)).withMomentum(momentum)
                    .withWeightDecay(or(weightDecay, 0)));
            case "adam" -> Optimizers.adam(p, adam(AdamConfig.defaults()));
            case "adamw" -> Optimizers.adamw(p, adam(AdamConfig.adamwDefaults()));
            case "adagrad" -> Optimizers.adagrad(p, AdagradConfig.defaults()
                    .withLr(or(lr, AdagradConfig.defaults().lr())).withWeightDecay(or(weightDecay, 0)));
            case "rmsprop" -> Optimizers.rmsprop(p, RmspropConfig.defaults()
                    .withLr(or(lr, RmspropConfig.defaults().lr())).withMomentum(momentum)
                    .withWeightDecay(or(weightDecay, 0)));
            default -> throw new IllegalStateException(name);
        };
    }

    private AdamConfig adam(AdamConfig base) {
        return base.withLr(or(lr, base.lr())).withWeightDecay(or(weightDecay, base.weightDecay()));
    }

    private static double or(double v, double fallback) {
        return Double.isNaN(v) ? fallback : v;
    }
}
