package io.descent.cli.lecture;

import java.util.List;

/**
 * What the measurements say about one claim of the lecture. A claim is tested with each optimizer at its
 * validation-chosen step size ("at the best step sizes") and again at every point of the step-size grid (each
 * optimizer's base step size times the same factor); a claim whose outcome differs between grid points depends on
 * the step size, which is the point Wilson et al. (2017) and Choi et al. (2019) make about untuned comparisons.
 */
enum ClaimVerdict {
    HOLDS("holds"),
    DOES_NOT_HOLD("does not hold here"),
    DEPENDS_ON_STEP_SIZE("depends on the step size");

    private final String words;

    ClaimVerdict(String words) {
        this.words = words;
    }

    /** The phrase the table shows, e.g. "does not hold here". */
    String words() {
        return words;
    }

    /**
     * The verdict from the outcome at the best step sizes and the outcomes at each grid point (in grid order; empty
     * when the claim has no step size, like a fixed experiment). The claim holds, or does not, only when every one
     * of these outcomes agrees; tuned step sizes that differ per optimizer can decide otherwise than any common
     * grid point, and that too is a dependence on the step size.
     */
    static ClaimVerdict of(boolean atBest, List<Boolean> perStepSize) {
        if (perStepSize.contains(!atBest)) {
            return DEPENDS_ON_STEP_SIZE;
        }
        return atBest ? HOLDS : DOES_NOT_HOLD;
    }
}
