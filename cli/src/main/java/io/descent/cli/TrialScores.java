package io.descent.cli;

import java.util.Comparator;

/**
 * How tuning ranks results: the better score first (higher for accuracy, lower for loss), a diverged trial (NaN)
 * last, and a tie to the smaller trial id, so that the ranking never depends on the order results arrived in.
 */
final class TrialScores {
    private TrialScores() {
    }

    /** Sorts {@code [trial id, score]} pairs (as {@link Scored}) best first. */
    static Comparator<Scored> best(boolean higherIsBetter) {
        return Comparator.comparing((Scored s) -> Double.isNaN(s.score()) ? 1 : 0)
                .thenComparingDouble(s -> Double.isNaN(s.score()) ? 0 : higherIsBetter ? -s.score() : s.score())
                .thenComparingInt(Scored::trial);
    }

    record Scored(int trial, double score) {
    }
}
