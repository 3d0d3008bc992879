package io.descent.train;

/**
 * Training produced a non-finite loss or parameter (DESIGN rule 6: never carry on with a NaN). The message
 * names the epoch, the step and the tensor, and the last good checkpoint when one was written.
 */
public class TrainingDivergedException extends RuntimeException {
    private final transient History history;

    public TrainingDivergedException(String message, History history) {
        super(message);
        this.history = history;
    }

    /** The epochs that finished before the fault. */
    public History history() {
        return history;
    }
}
