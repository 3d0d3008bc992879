package io.descent.spark;

import java.io.Serializable;

/** What a synchronous step broadcasts: the current weights and the global indices of the step's batch. */
record StepInput(FlatVector weights, int[] batch) implements Serializable {

    /** The payload in bytes. */
    long bytes() {
        return weights.bytes() + 4L * batch.length;
    }
}
