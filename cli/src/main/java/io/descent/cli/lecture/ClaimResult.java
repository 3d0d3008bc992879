package io.descent.cli.lecture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One row of the claims table: a claim of the lecture, the experiment that tests it, what was measured at the best
 * step sizes, the verdict and the outcome at each point of the step-size grid.
 *
 * @param claim       the claim, in the lecture's words
 * @param source      who made it (paper or slide)
 * @param experiment  what was run to test it
 * @param measured    the numbers at the best step sizes
 * @param verdict     what the numbers say
 * @param perStepSize the outcome at the tuned step sizes and at each grid factor, e.g. "tuned: holds; x1/3: holds;
 *                    x1: does not hold here"
 */
record ClaimResult(String claim, String source, String experiment, String measured, ClaimVerdict verdict,
                   String perStepSize) {

    /** Which step size each optimizer of an experiment uses: a factor of its base step size. */
    interface At {
        double factor(String task, String method);

        /** Every optimizer at the same grid factor. */
        static At grid(double factor) {
            return (task, method) -> factor;
        }
    }

    /**
     * A claim and how to test it.
     *
     * @param holds   whether the claim holds with the step sizes of an {@link At}
     * @param numbers the measured numbers with those step sizes
     * @param best    the experiment's chosen step sizes (by validation loss, or by the objective on the toy problems)
     */
    record Claim(String claim, String source, String experiment, Predicate<At> holds, Function<At, String> numbers,
                 At best) {
    }

    /** Tests {@code c} at its best step sizes and at each factor of the grid. */
    static ClaimResult of(Claim c, double[] factors) {
        boolean atBest = c.holds().test(c.best());
        List<Boolean> perStep = new ArrayList<>();
        List<String> words = new ArrayList<>();
        words.add("tuned: " + (atBest ? ClaimVerdict.HOLDS : ClaimVerdict.DOES_NOT_HOLD).words());
        for (double factor : factors) {
            boolean h = c.holds().test(At.grid(factor));
            perStep.add(h);
            words.add("x" + factorText(factor) + ": " + (h ? ClaimVerdict.HOLDS : ClaimVerdict.DOES_NOT_HOLD).words());
        }
        return new ClaimResult(c.claim(), c.source(), c.experiment(), c.numbers().apply(c.best()),
                ClaimVerdict.of(atBest, perStep), String.join("; ", words));
    }

    /** "1/3", "1", "10": grid factors as people write them. */
    static String factorText(double factor) {
        if (factor < 1 && Math.abs(1 / factor - Math.rint(1 / factor)) < 1e-9) {
            return "1/" + Math.round(1 / factor);
        }
        return String.format(Locale.ROOT, "%.3g", factor).replaceAll("\\.?0+$", "");
    }
}
