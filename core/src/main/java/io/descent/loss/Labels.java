package io.descent.loss;

/**
 * How binary labels are written: -1 and +1 (the margin view of logistic regression and SVMs, y w^T x) or 0
 * and 1 (the probabilistic view, PyTorch's {@code BCEWithLogitsLoss}). Other values are refused.
 */
public enum Labels {
    PLUS_MINUS_ONE, ZERO_ONE;

    /** The label as -1 or +1; fails naming the loss and the element for a value outside this convention. */
    double sign(double y, String loss, int index) {
        if (this == PLUS_MINUS_ONE ? y == 1 || y == -1 : y == 0 || y == 1) {
            return this == PLUS_MINUS_ONE || y == 1 ? y : -1;
        }
        throw new IllegalArgumentException(loss + ": target element " + index + " is " + y + "; labels must be "
                + (this == PLUS_MINUS_ONE ? "-1 or +1" : "0 or 1") + " (Labels." + name() + ")");
    }
}
