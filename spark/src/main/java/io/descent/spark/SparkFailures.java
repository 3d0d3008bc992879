package io.descent.spark;

import io.descent.InvalidInputException;

/**
 * Spark reports an exception thrown in a task wrapped in its own {@code SparkException} ("Job aborted due to
 * stage failure: ..."), a checked exception that Scala code throws undeclared. When the cause is bad input or
 * a bad argument, the user should see that, as on one machine.
 */
final class SparkFailures {
    private SparkFailures() {
    }

    /** The user-facing cause inside a Spark failure; otherwise the failure itself, unchecked. */
    static RuntimeException unwrap(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException || t instanceof IllegalArgumentException) {
                return (RuntimeException) t;
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
}
