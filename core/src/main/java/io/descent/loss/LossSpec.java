package io.descent.loss;

import io.descent.InvalidInputException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which loss to train with, as data: the one vocabulary of loss names (the command line's {@code --loss}, the
 * Spark module's jobs), and serializable so that Spark's executors can rebuild the loss from it.
 *
 * <p>The names {@link #parse} accepts, case-insensitive, with their aliases:
 * <ul>
 *   <li>{@code cross-entropy} (also {@code crossentropy}, {@code ce}): softmax over one score per class;</li>
 *   <li>{@code mse} (also {@code square}): the square loss, for real-valued targets;</li>
 *   <li>{@code log} (also {@code logistic}) and {@code hinge}: one real score per sample, labels -1/+1;</li>
 *   <li>{@code log01} (also {@code logistic01}) and {@code hinge01}: the same losses with labels 0/1.</li>
 * </ul>
 *
 * <pre>{@code
 * LossSpec ce = LossSpec.parse("cross-entropy");     // or LossSpec.crossEntropy()
 * LossSpec svm = LossSpec.hinge(Labels.PLUS_MINUS_ONE);
 * Loss loss = svm.create(Reduction.MEAN);
 * }</pre>
 *
 * @param kind   the loss
 * @param labels how binary labels are written, for the logistic and hinge losses (ignored by the others)
 */
public record LossSpec(Kind kind, Labels labels) implements Serializable {

    public enum Kind { SQUARE, LOG, HINGE, CROSS_ENTROPY }

    /** Every accepted name, in the order the error lists them; the first name of each loss is its {@link #name}. */
    private static final Map<String, LossSpec> BY_NAME = byName();

    /** The canonical names, one per loss. */
    public static final List<String> NAMES = List.of("cross-entropy", "mse", "log", "log01", "hinge", "hinge01");

    public LossSpec {
        if (kind == null || labels == null) {
            throw new IllegalArgumentException("loss: kind and labels must be given");
        }
    }

    public static LossSpec square() {
        return new LossSpec(Kind.SQUARE, Labels.PLUS_MINUS_ONE);
    }

    public static LossSpec log(Labels labels) {
        return new LossSpec(Kind.LOG, labels);
    }

    public static LossSpec hinge(Labels labels) {
        return new LossSpec(Kind.HINGE, labels);
    }

    public static LossSpec crossEntropy() {
        return new LossSpec(Kind.CROSS_ENTROPY, Labels.PLUS_MINUS_ONE);
    }

    /**
     * A loss by one of the names in the class comment.
     *
     * @throws InvalidInputException naming {@code --loss}, the name and every valid name, for any other name
     */
    public static LossSpec parse(String name) {
        LossSpec spec = name == null ? null : BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
        if (spec == null) {
            throw new InvalidInputException("--loss", "'" + name + "'", "unknown loss; valid: " + validNames());
        }
        return spec;
    }

    /** The canonical name, one of {@link #NAMES}: what {@link #parse} gives this loss back for. */
    public String name() {
        boolean zeroOne = labels == Labels.ZERO_ONE;
        return switch (kind) {
            case SQUARE -> "mse";
            case LOG -> zeroOne ? "log01" : "log";
            case HINGE -> zeroOne ? "hinge01" : "hinge";
            case CROSS_ENTROPY -> "cross-entropy";
        };
    }

    /** The same loss with labels written as {@code labels} (no change for the losses that take none). */
    public LossSpec withLabels(Labels labels) {
        return isMargin() ? new LossSpec(kind, labels) : this;
    }

    /** The loss with the given reduction. */
    public Loss create(Reduction reduction) {
        return switch (kind) {
            case SQUARE -> new SquareLoss(reduction);
            case LOG -> new LogLoss(labels, reduction);
            case HINGE -> new HingeLoss(labels, reduction);
            case CROSS_ENTROPY -> new CrossEntropyLoss(reduction);
        };
    }

    /** Whether the loss takes class indices (and the model's output is one score per class). */
    public boolean isClassification() {
        return kind == Kind.CROSS_ENTROPY;
    }

    /** Whether the loss is on one real score per sample with binary labels (logistic, hinge). */
    public boolean isMargin() {
        return kind == Kind.LOG || kind == Kind.HINGE;
    }

    private static Map<String, LossSpec> byName() {
        Map<String, LossSpec> m = new LinkedHashMap<>();
        for (String n : List.of("cross-entropy", "crossentropy", "ce")) {
            m.put(n, crossEntropy());
        }
        m.put("mse", square());
        m.put("square", square());
        m.put("log", log(Labels.PLUS_MINUS_ONE));
        m.put("logistic", log(Labels.PLUS_MINUS_ONE));
        m.put("log01", log(Labels.ZERO_ONE));
        m.put("logistic01", log(Labels.ZERO_ONE));
        m.put("hinge", hinge(Labels.PLUS_MINUS_ONE));
        m.put("hinge01", hinge(Labels.ZERO_ONE));
        return m;
    }

    /** "cross-entropy (or crossentropy, ce), mse (or square), ...": each canonical name with its aliases. */
    private static String validNames() {
        return NAMES.stream().map(canonical -> {
            List<String> aliases = BY_NAME.entrySet().stream()
                    .filter(e -> e.getValue().name().equals(canonical) && !e.getKey().equals(canonical))
                    .map(Map.Entry::getKey).toList();
            return aliases.isEmpty() ? canonical : canonical + " (or " + String.join(", ", aliases) + ")";
        }).collect(Collectors.joining(", "));
    }
}
