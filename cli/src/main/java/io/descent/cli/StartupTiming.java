package io.descent.cli;

import io.descent.train.Callback;
import io.descent.train.Decision;
import io.descent.train.TrainingContext;
import java.io.PrintWriter;

/**
 * With {@code DESCENT_TIMING=1} in the environment (or {@code -Ddescent.timing=true}; the benchmark runner sets
 * the former): a line on standard error the moment the first training step is done, so that the time from
 * starting {@code descent train} to its first step can be measured from outside, by the clock of whoever
 * started it.
 */
final class StartupTiming implements Callback {
    static final String PROPERTY = "descent.timing";
    static final String MARKER = "descent: timing: first step done";
    private final PrintWriter err;
    private boolean said;

    StartupTiming(PrintWriter err) {
        this.err = err;
    }

    static boolean enabled() {
        return "1".equals(System.getenv("DESCENT_TIMING")) || Boolean.getBoolean(PROPERTY);
    }

    @Override
    public Decision onBatchEnd(TrainingContext ctx, int batch, double loss) {
        if (!said) {
            said = true;
            err.println(MARKER);
            err.flush();
        }
        return Decision.CONTINUE;
    }
}
