package io.descent.train;

import io.descent.tensor.Tensor;
import java.util.Map;

/**
 * Hooks the trainer calls at the start, after every batch and epoch, and at the end. A callback stops
 * training by returning {@link Decision#STOP} (DESIGN rule 9), never by throwing.
 *
 * <p>A callback with state that must survive a resume (early stopping's best value and weights) saves it
 * into the checkpoint through {@link #saveState} and takes it back in {@link #restoreState}; the keys it
 * writes are private to it (the trainer prefixes them).
 */
public interface Callback {

    default void onTrainBegin(TrainingContext ctx) {
    }

    /** After the batch's optimizer step (or its accumulation); {@code loss} is the batch's mean loss. */
    default Decision onBatchEnd(TrainingContext ctx, int batch, double loss) {
        return Decision.CONTINUE;
    }

    /** After the epoch's record (with validation metrics) was added to the history. */
    default Decision onEpochEnd(TrainingContext ctx, EpochRecord record) {
        return Decision.CONTINUE;
    }

    default void onTrainEnd(TrainingContext ctx) {
    }

    default void saveState(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** @param source the checkpoint file, for error messages */
    default void restoreState(Map<String, Tensor> tensors, Map<String, String> metadata, String source) {
    }
}
