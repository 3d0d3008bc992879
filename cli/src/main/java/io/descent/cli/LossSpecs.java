package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.loss.CrossEntropyLoss;
import io.descent.loss.HingeLoss;
import io.descent.loss.LogLoss;
import io.descent.loss.Loss;
import io.descent.loss.SquareLoss;
import java.util.List;

/**
 * The {@code --loss} names: {@code cross-entropy} (softmax, classes), {@code mse} (square loss), and for two
 * classes with one output {@code log} (logistic) and {@code hinge} (linear SVM), which take labels -1/+1.
 */
public final class LossSpecs {
    public static final List<String> NAMES = List.of("cross-entropy", "mse", "log", "hinge");

    private LossSpecs() {
    }

    public static Loss build(String name) {
        return switch (name) {
            case "cross-entropy" -> new CrossEntropyLoss();
            case "mse" -> new SquareLoss();
            case "log" -> new LogLoss();
            case "hinge" -> new HingeLoss();
            default -> throw new InvalidInputException("--loss", "'" + name + "'", "unknown loss; valid: "
                    + String.join(", ", NAMES));
        };
    }

    /** Losses on one real score per sample, with labels -1/+1. */
    public static boolean isMargin(String name) {
        return name.equals("log") || name.equals("hinge");
    }

    /** The default loss: cross-entropy for classes, the square loss for real-valued targets. */
    public static String defaultFor(boolean classification) {
        return classification ? "cross-entropy" : "mse";
    }
}
