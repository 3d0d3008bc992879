package io.descent.cli.lecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict of a claim from its outcome at the best step sizes and across the grid. */
class ClaimResultTest {
    private static final double[] GRID = {1.0 / 3, 1, 3};

    private static ClaimResult.Claim claim(java.util.function.Predicate<ClaimResult.At> holds) {
        // The best step size of "sgd" is the middle of the grid.
        return new ClaimResult.Claim("c", "s", "e", holds, at -> "f=" + at.factor("t", "sgd"), (t, m) -> 1);
    }

    @Test
    void aClaimThatHoldsEverywhereHoldsAndOneThatNeverHoldsDoesNot() {
        assertThat(ClaimResult.of(claim(at -> true), GRID).verdict()).isEqualTo(ClaimVerdict.HOLDS);
        ClaimResult never = ClaimResult.of(claim(at -> false), GRID);
        assertThat(never.verdict()).isEqualTo(ClaimVerdict.DOES_NOT_HOLD);
        assertThat(never.verdict().words()).isEqualTo("does not hold here");
        assertThat(never.perStepSize()).isEqualTo("tuned: does not hold here; x1/3: does not hold here; x1: does not hold here; "
                + "x3: does not hold here");
    }

    @Test
    void aClaimThatFlipsAcrossTheGridDependsOnTheStepSizeAndShowsWhere() {
        ClaimResult r = ClaimResult.of(claim(at -> at.factor("t", "sgd") < 2), GRID);
        assertThat(r.verdict()).isEqualTo(ClaimVerdict.DEPENDS_ON_STEP_SIZE);
        assertThat(r.perStepSize()).isEqualTo("tuned: holds; x1/3: holds; x1: holds; x3: does not hold here");
        assertThat(r.measured()).isEqualTo("f=1.0");
    }

    @Test
    void withoutAGridTheBestStepSizesDecide() {
        assertThat(ClaimVerdict.of(true, List.of())).isEqualTo(ClaimVerdict.HOLDS);
        assertThat(ClaimVerdict.of(false, List.of())).isEqualTo(ClaimVerdict.DOES_NOT_HOLD);
        // tuned per optimizer it fails, at every common grid point it holds: the step sizes decide
        assertThat(ClaimVerdict.of(false, List.of(true, true))).isEqualTo(ClaimVerdict.DEPENDS_ON_STEP_SIZE);
        assertThat(ClaimVerdict.of(false, List.of(false, false))).isEqualTo(ClaimVerdict.DOES_NOT_HOLD);
        assertThat(ClaimVerdict.of(true, List.of(true, true))).isEqualTo(ClaimVerdict.HOLDS);
        assertThat(ClaimVerdict.of(true, List.of(false, true))).isEqualTo(ClaimVerdict.DEPENDS_ON_STEP_SIZE);
    }

    @Test
    void spreadIsTheMeanAndSampleStandardDeviation() {
        Spread s = Spread.of(1, 2, 3, 6);
        assertThat(s.mean()).isEqualTo(3);
        assertThat(s.sd()).isCloseTo(Math.sqrt(14.0 / 3), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(s.text()).isEqualTo("3.000 ± 2.2");
        assertThat(Spread.of(0.5).text()).isEqualTo("0.5000");
        assertThat(Spread.of(0.5).sd()).isZero();
    }

    @Test
    void stepSizesLoseTrailingZeros() {
        assertThat(ClaimRuns.Method.lr(0.1)).isEqualTo("0.1");
        assertThat(ClaimRuns.Method.lr(1.0 / 30)).isEqualTo("0.0333");
        assertThat(ClaimRuns.Method.lr(3)).isEqualTo("3");
        assertThat(ClaimRuns.Method.lr(1e-5 / 3)).isEqualTo("3.33e-06");
        assertThat(ClaimRuns.SGD.spec(3)).isEqualTo("sgd(lr=0.3)");
    }

    @Test
    void gridFactorsReadAsPeopleWriteThem() {
        assertThat(ClaimResult.factorText(1.0 / 3)).isEqualTo("1/3");
        assertThat(ClaimResult.factorText(0.1)).isEqualTo("1/10");
        assertThat(ClaimResult.factorText(3)).isEqualTo("3");
        assertThat(ClaimResult.factorText(10)).isEqualTo("10");
        assertThat(ClaimResult.factorText(1)).isEqualTo("1");
    }

    @Test
    void theEtaIsTheMeanTimePerTrainedRunTimesTheRunsLeft() {
        assertThat(Progress.eta(0, 0, 5)).isEqualTo("unknown");
        assertThat(Progress.eta(10, 2, 3)).isEqualTo("15 s");
        assertThat(Progress.eta(60, 2, 5)).isEqualTo("2 min 30 s");
        java.util.List<String> lines = new java.util.ArrayList<>();
        Progress p = new Progress(3, 2, lines::add);
        p.next("a", true);
        p.next("b", false);
        p.trained(4);
        p.next("c", false);
        assertThat(lines).containsExactly("descent report: claims, run 1 of 3: a (cached)",
                "descent report: claims, run 2 of 3: b (ETA unknown)", "descent report: claims, run 3 of 3: c (ETA 4 s)");
    }
}
