package io.descent.tensor;

import java.util.List;
import java.util.Map;

/**
 * The number of threads OpenBLAS gives each call, as it reads it from the environment when it loads:
 * {@code OPENBLAS_NUM_THREADS}, else {@code GOTO_NUM_THREADS}, else {@code OMP_NUM_THREADS}, the first that is a
 * positive whole number; with none of them, one thread per core.
 */
final class BlasThreads {
    private static final List<String> VARIABLES = List.of("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS");

    private BlasThreads() {
    }

    /** The thread count the environment sets, or 0 when it sets none (OpenBLAS then takes every core). */
    static int openBlasThreads(Map<String, String> environment) {
        for (String name : VARIABLES) {
            int n = positive(environment.get(name));
            if (n > 0) {
                return n;
            }
        }
        return 0;
    }

    /** As OpenBLAS's readenv with atoi: leading digits count, anything else reads as unset. */
    private static int positive(String value) {
        if (value == null) {
            return 0;
        }
        String v = value.trim();
        int end = 0;
        while (end < v.length() && end < 9 && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(v, 0, end, 10);
    }
}
