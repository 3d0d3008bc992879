package io.descent.spark;

import io.descent.InvalidInputException;

/**
 * Spark reports an exception thrown in a task wrapped in its own {@code SparkException} ("Job aborted due to
 * stage failure: ..."), a checked exception that Scala code throws undeclared. When the cause is bad input or
 * a bad argument, the user should see that, as on one machine; when {@link ExecutorWatchdog} cancelled the job,
 * its one line.
 */
final class SparkFailures {
    private SparkFailures() {
    }

    /** The user-facing cause inside a Spark failure; otherwise the failure itself, unchecked. */
    static RuntimeException unwrap(Exception e) {
        String lost = ExecutorWatchdog.lineIn(e); // the job was cancelled for want of executors: that line alone
        if (lost != null) {
            return new IllegalStateException(lost, e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException || t instanceof IllegalArgumentException) {
                return (RuntimeException) t;
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
}
