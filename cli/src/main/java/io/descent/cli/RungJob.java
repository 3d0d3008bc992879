package io.descent.cli;

/**
 * One segment a tuning scheduler hands out: train trial {@code trial} from {@code fromEpochs} (0: fresh weights;
 * else its checkpoint at that many epochs) to {@code toEpochs}, the epochs of rung {@code rung}.
 */
record RungJob(int trial, int rung, int fromEpochs, int toEpochs) {
    /** The job's cost on the schedulers' clock: epochs trained, so that decisions never depend on wall time. */
    int cost() {
        return toEpochs - fromEpochs;
    }
}
