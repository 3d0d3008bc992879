package io.descent.spark;

import io.descent.InvalidInputException;
import io.descent.loss.CrossEntropyLoss;
import io.descent.loss.HingeLoss;
import io.descent.loss.Labels;
import io.descent.loss.LogLoss;
import io.descent.loss.Loss;
import io.descent.loss.Reduction;
import io.descent.loss.SquareLoss;
import java.io.Serializable;
import java.util.Locale;

/**
 * Which loss to train with, as data that executors rebuild the loss from. Workers sum the loss over their
 * rows ({@link Reduction#SUM}); the driver divides the summed gradient by the batch size, so training
 * minimizes the mean loss as a single-machine loop with the {@link Reduction#MEAN} loss does.
 *
 * <pre>{@code
 * LossSpec ce = LossSpec.parse("cross-entropy");     // or LossSpec.crossEntropy()
 * LossSpec svm = LossSpec.hinge(Labels.PLUS_MINUS_ONE);
 * }</pre>
 *
 * @param kind   the loss
 * @param labels how binary labels are written, for the logistic and hinge losses (ignored by the others)
 */
public record LossSpec(Kind kind, Labels labels) implements Serializable {

    public enum Kind { SQUARE, LOG, HINGE, CROSS_ENTROPY }

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
     * A loss by name: {@code square} (or {@code mse}), {@code log} (or {@code logistic}), {@code hinge},
     * {@code cross-entropy} (or {@code ce}); {@code log01} and {@code hinge01} take labels 0/1 instead of -1/+1.
     */
    public static LossSpec parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "square", "mse" -> square();
            case "log", "logistic" -> log(Labels.PLUS_MINUS_ONE);
            case "log01", "logistic01" -> log(Labels.ZERO_ONE);
            case "hinge" -> hinge(Labels.PLUS_MINUS_ONE);
            case "hinge01" -> hinge(Labels.ZERO_ONE);
            case "cross-entropy", "crossentropy", "ce" -> crossEntropy();
            default -> throw new InvalidInputException("--loss", "", "unknown loss '" + name + "'; expected square, "
                    + "log, log01, hinge, hinge01 or cross-entropy");
        };
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
}
