package io.descent.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Hutchinson's trace: exact on a diagonal, within a few standard errors otherwise, its error shrinking as 1/sqrt(N). */
class HutchinsonTest {

    @Test
    void onADiagonalEveryRademacherProbeGivesTheTraceExactly() {
        double[] d = Matrices.spread(64, -3, 7);
        Hutchinson.Estimate t = Hutchinson.trace(Matrices.operator(Matrices.diagonal(d)), 5, 1);
        assertThat(t.value()).isCloseTo(Matrices.powerTrace(d, 1), within(1e-12));
        assertThat(t.standardError()).isLessThan(1e-12);
        assertThat(t.probes()).isEqualTo(5);
    }

    @Test
    void onAConjugatedMatrixTheEstimateIsWithinFourStandardErrors() {
        double[] d = Matrices.spread(60, -2, 6);
        double[][] a = Matrices.conjugated(d, 17);
        double trace = Matrices.trace(a);
        Hutchinson.Estimate few = Hutchinson.trace(Matrices.operator(a), 30, 2);
        Hutchinson.Estimate many = Hutchinson.trace(Matrices.operator(a), 1200, 2);
        assertThat(few.standardError()).isGreaterThan(0.05);   // the off-diagonal mass makes the probes vary
        assertThat(Math.abs(few.value() - trace)).isLessThanOrEqualTo(4 * few.standardError());
        assertThat(Math.abs(many.value() - trace)).isLessThanOrEqualTo(4 * many.standardError());
        // the standard error falls as 1/sqrt(N): 40 times the probes, about a sixth of the error
        assertThat(many.standardError() / few.standardError()).isBetween(0.5 / Math.sqrt(40), 2 / Math.sqrt(40));
        // and the standard deviation agrees with the variance 2 sum_{i != j} a_ij^2
        double off = 0;
        for (int i = 0; i < 60; i++) {
            for (int j = 0; j < 60; j++) {
                off += i == j ? 0 : a[i][j] * a[i][j];
            }
        }
        assertThat(many.standardError() * Math.sqrt(1200)).isCloseTo(Math.sqrt(2 * off), within(0.1 * Math.sqrt(2 * off)));
    }

    @Test
    void aSingleProbeHasNoStandardErrorAndNoProbesAreRefused() {
        HessianOperator h = Matrices.operator(Matrices.diagonal(new double[] {1, 2}));
        assertThat(Hutchinson.trace(h, 1, 0).standardError()).isNaN();
        assertThatThrownBy(() -> Hutchinson.trace(h, 0, 0)).hasMessageContaining("at least one probe");
    }
}
