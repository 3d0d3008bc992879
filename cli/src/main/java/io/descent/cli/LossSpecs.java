package io.descent.cli;

import io.descent.loss.Labels;
import io.descent.loss.Loss;
import io.descent.loss.LossSpec;
import io.descent.loss.Reduction;

/**
 * The {@code --loss} names, parsed by {@link LossSpec#parse} (its javadoc lists them and their aliases), for data
 * this process loads: {@link TaskOptions} turns two classes into -1/+1 labels for the margin losses, so their
 * {@code 01} variants train the same as {@code log} and {@code hinge} here (they matter for files that Spark's
 * executors read as they are).
 */
public final class LossSpecs {

    private LossSpecs() {
    }

    /** The loss for data this process loaded, labels -1/+1 for the margin losses. */
    public static LossSpec forLoadedData(String name) {
        return LossSpec.parse(name).withLabels(Labels.PLUS_MINUS_ONE);
    }

    public static Loss build(String name) {
        return forLoadedData(name).create(Reduction.MEAN);
    }

    /** Losses on one real score per sample, with labels -1/+1. */
    public static boolean isMargin(String name) {
        return LossSpec.parse(name).isMargin();
    }

    /** The default loss: cross-entropy for classes, the square loss for real-valued targets. */
    public static String defaultFor(boolean classification) {
        return classification ? "cross-entropy" : "mse";
    }
}
