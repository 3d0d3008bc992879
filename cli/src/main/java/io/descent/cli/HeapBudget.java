package io.descent.cli;

import io.descent.InvalidInputException;

/**
 * Refuses, before anything is allocated, a model or data set this JVM's heap cannot hold, with a message
 * instead of an OutOfMemoryError halfway through: a request may take at most half of the maximum heap.
 */
final class HeapBudget {
    /** Bytes per parameter in training: its value, its gradient and up to two optimizer moments, float32. */
    static final long BYTES_PER_PARAMETER = 16;

    private HeapBudget() {
    }

    /**
     * @param bytes roughly what the request needs; a negative count stands for one beyond the long range
     * @param what  the request, e.g. "mlp(100000, 100000) with 10000300003 parameters"
     */
    static void check(String option, String text, long bytes, String what) {
        long max = Runtime.getRuntime().maxMemory();
        if (bytes < 0 || bytes > max / 2) {
            throw new InvalidInputException(option, "'" + text + "'", what + " would need about "
                    + (bytes < 0 ? "more than 2^63 bytes" : (bytes >> 20) + " MiB") + ", more than half of the "
                    + (max >> 20) + " MiB this JVM may use: ask for less, or give Java more memory with -Xmx");
        }
    }

    /** a * b + c, or -1 when it overflows. */
    static long mulAdd(long a, long b, long c) {
        try {
            return Math.addExact(Math.multiplyExact(a, b), c);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    /** What data held in memory may take: a quarter of the maximum heap, leaving room for the model and batches. */
    static long budget() {
        String forced = System.getProperty("descent.data.budget"); // bytes; lets tests force streaming of small files
        return forced != null ? Long.parseLong(forced) : Runtime.getRuntime().maxMemory() / 4;
    }

    /** Whether {@code bytes} of data fit {@link #budget()}. */
    static boolean fits(long bytes) {
        return bytes >= 0 && bytes <= budget();
    }
}
