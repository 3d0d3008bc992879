package io.descent.cli;

import io.descent.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One point of {@code descent tune}'s search space: the optimizer spec with the searched optimizer keys set in it,
 * and the searched settings beside the optimizer, the minibatch size ({@code batch_size}) and the mlp's hidden
 * width ({@code width}: every hidden layer of {@code --model mlp(...)} gets it).
 *
 * @param id        the trial's number, 0-based in the order the search space lists them; ties rank by it
 * @param optimizer the optimizer spec, e.g. {@code sgd(lr=0.1, momentum=0.9)}
 * @param batchSize the minibatch size
 * @param model     the model spec, e.g. {@code mlp(64)}
 * @param searched  the task settings this trial changed ({@code batch_size}, {@code width}), for its label
 */
record TrialConfig(int id, String optimizer, int batchSize, String model, Map<String, String> searched) {
    /** The keys that are not the optimizer's. */
    static final Set<String> TASK_KEYS = Set.of("batch_size", "width");

    /**
     * Splits one set of searched values between the optimizer spec and the task settings, each checked before
     * anything trains.
     */
    static TrialConfig of(int id, String baseOptimizer, TaskOptions task, Map<String, String> values) {
        Map<String, String> optimizerValues = new LinkedHashMap<>();
        Map<String, String> searched = new LinkedHashMap<>();
        int batch = task.batchSize;
        String model = task.model;
        for (var e : values.entrySet()) {
            switch (e.getKey()) {
                case "batch_size" -> {
                    batch = positive("batch_size", e.getValue());
                    searched.put(e.getKey(), e.getValue());
                }
                case "width" -> {
                    model = withWidth(task.model, positive("width", e.getValue()));
                    searched.put(e.getKey(), e.getValue());
                }
                default -> optimizerValues.put(e.getKey(), e.getValue());
            }
        }
        Spec s = OptimizerSpecs.parse(baseOptimizer).with(optimizerValues);
        OptimizerSpecs.validate(OptimizerSpecs.parse(s.text()));
        return new TrialConfig(id, s.text(), batch, model, Map.copyOf(searched));
    }

    /** The optimizer spec, followed by the task settings it changed: {@code sgd(lr=0.1) batch_size=32 width=64}. */
    String label() {
        StringBuilder b = new StringBuilder(optimizer);
        for (String k : List.of("batch_size", "width")) {
            if (searched.containsKey(k)) {
                b.append(' ').append(k).append('=').append(searched.get(k));
            }
        }
        return b.toString();
    }

    TrialConfig withId(int newId) {
        return new TrialConfig(newId, optimizer, batchSize, model, searched);
    }

    /** The same settings under another id: the same point of the space tried twice (Hyperband's brackets). */
    boolean sameSettings(TrialConfig o) {
        return optimizer.equals(o.optimizer) && batchSize == o.batchSize && model.equals(o.model);
    }

    /** {@code mlp(16, 16, activation=tanh)} with width 64 is {@code mlp(64, 64, activation=tanh)}. */
    static String withWidth(String model, int width) {
        Spec s = Spec.parse("--model", model);
        if (!s.name().equals("mlp") || s.positional().isEmpty()) {
            throw new InvalidInputException("--grid", "'width'", "searches the hidden width of --model mlp(W,...); "
                    + "the model is '" + model + "'");
        }
        String text = s.text().strip();
        String inside = text.substring(text.indexOf('(') + 1, text.lastIndexOf(')'));
        List<String> args = new ArrayList<>();
        for (String a : inside.split(",")) {
            args.add(a.contains("=") ? a.strip() : Integer.toString(width));
        }
        return s.name() + "(" + String.join(", ", args) + ")";
    }

    private static int positive(String key, String v) {
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("--grid", "'" + key + "=" + v + "'", "expected a positive integer".toLowerCase(Locale.ROOT));
    }
}
