package io.descent.cli;

import java.util.concurrent.CompletableFuture;

/**
 * Where {@code descent tune} runs its trials' segments: threads of this process ({@link LocalTrials}) or, with
 * {@code --spark}, one Spark task per segment (the spark-cli module implements this; the cli module does not depend
 * on Spark). The schedulers decide on a clock of epochs, never on which segment finished first, so every executor
 * gives the same results.
 */
interface TrialExecutor extends AutoCloseable {
    /** Starts {@code job} for trial {@code config}, continuing from the checkpoint its previous segment left. */
    CompletableFuture<TaskRun> submit(TrialConfig config, RungJob job);

    /** How many segments run at once. */
    int parallelism();

    @Override
    void close();
}
