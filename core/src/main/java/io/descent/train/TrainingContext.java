package io.descent.train;

import io.descent.nn.Module;
import io.descent.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** What callbacks see of a run in progress. */
public interface TrainingContext {

    Module model();

    Optimizer optimizer();

    History history();

    /** The epoch running now, or the last finished one in {@code onEpochEnd} (1-based). */
    int epoch();

    /** The number of epochs the run was asked for. */
    int epochs();

    /** Optimizer steps taken so far in the whole run. */
    long step();

    int batchesPerEpoch();

    /** Writes everything needed to continue this run exactly to {@code path}, atomically. */
    void saveCheckpoint(Path path) throws IOException;

    /**
     * Whether no gradients are waiting for an accumulated step: a checkpoint may be written now (in the middle of an
     * epoch too; resuming from it continues exactly).
     */
    boolean betweenSteps();

    /** Whether this run continues a checkpoint (then {@link #epoch()} and {@link #step()} start where it left off). */
    boolean resumed();

    /** The last checkpoint written in this run, if any: the one a diverged run falls back to. */
    Optional<Path> lastCheckpoint();
}
