package io.descent.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.descent.objective.Jacobi;
import org.junit.jupiter.api.Test;

/** Lanczos with full reorthogonalization against Jacobi's eigenvalues of explicit symmetric matrices. */
class LanczosTest {

    @Test
    void extremesOfADiagonalMatrixAreItsLargestAndSmallestEntries() {
        double[] d = Matrices.spread(80, -2, 5);
        ExtremeEigenvalues e = ExtremeEigenvalues.of(Matrices.operator(Matrices.diagonal(d)), 3, 80, 1e-10, 1);
        assertThat(e.converged()).isTrue();
        assertThat(e.largest()).containsExactly(new double[] {d[79], d[78], d[77]}, within(1e-9));
        assertThat(e.smallest()).containsExactly(new double[] {d[0], d[1], d[2]}, within(1e-9));
    }

    @Test
    void extremesOfAConjugatedMatrixMatchJacobiToOneInABillion() {
        double[] d = Matrices.spread(120, -3, 10);
        double[][] a = Matrices.conjugated(d, 42);
        double[] jacobi = Jacobi.eigenvalues(a);
        ExtremeEigenvalues e = ExtremeEigenvalues.of(Matrices.operator(a), 4, 120, 1e-11, 7);
        assertThat(e.converged()).isTrue();
        for (int i = 0; i < 4; i++) {
            assertThat(e.largest()[i]).isCloseTo(jacobi[119 - i], within(1e-9));
            assertThat(e.smallest()[i]).isCloseTo(jacobi[i], within(1e-9));
            assertThat(e.largestResiduals()[i]).isLessThanOrEqualTo(1e-11 * 10);
        }
    }

    @Test
    void wellSeparatedExtremesConvergeLongBeforeTheDimension() {
        double[] d = new double[300];
        for (int i = 0; i < 300; i++) {
            d[i] = Math.sin(i) * 0.1;   // a bulk in [-0.1, 0.1]
        }
        d[0] = 8;
        d[1] = 5;
        d[2] = -4;                       // outliers, as networks' Hessians have
        double[][] a = Matrices.conjugated(d, 3);
        ExtremeEigenvalues e = ExtremeEigenvalues.of(Matrices.operator(a), 1, 300, 1e-10, 0);
        assertThat(e.converged()).isTrue();
        assertThat(e.steps()).isLessThan(100);
        assertThat(e.largest()[0]).isCloseTo(8, within(1e-9));
        assertThat(e.smallest()[0]).isCloseTo(-4, within(1e-9));
    }

    @Test
    void aResidualThatIsSmallBoundsTheDistanceToATrueEigenvalue() {
        double[] d = Matrices.spread(200, 0, 1);
        double[][] a = Matrices.conjugated(d, 5);
        Lanczos lanczos = new Lanczos(Matrices.operator(a), 15, 11);
        while (lanczos.step()) {
            // 15 steps: the interior has not converged, the residuals say how far off each value may be
        }
        Lanczos.Ritz ritz = lanczos.ritz();
        for (int i = 0; i < 15; i++) {
            double theta = ritz.values()[i];
            double nearest = Double.POSITIVE_INFINITY;
            for (double x : d) {
                nearest = Math.min(nearest, Math.abs(x - theta));
            }
            assertThat(nearest).as("Ritz value %d", i).isLessThanOrEqualTo(ritz.residuals()[i] * (1 + 1e-9) + 1e-13);
        }
        double[] y = lanczos.ritzVector(14);
        double[] ay = new double[200];
        Matrices.operator(a).apply(y, ay);
        double r = 0;
        for (int i = 0; i < 200; i++) {
            r += Math.pow(ay[i] - ritz.values()[14] * y[i], 2);
        }
        assertThat(Math.sqrt(r)).isCloseTo(ritz.residuals()[14], within(1e-10));
    }

    @Test
    void afterKStepsEveryEigenvalueIsFoundWithItsMultiplicity() {
        // 2 and 5 repeated: the Krylov space of one vector is invariant early and the process restarts
        double[] d = {2, 2, 2, 5, 5, -1, 0.5, 3, 2, 5};
        double[][] a = Matrices.conjugated(d, 9);
        Lanczos lanczos = new Lanczos(Matrices.operator(a), 50, 4);
        while (lanczos.step()) {
            // to k = 10 steps
        }
        assertThat(lanczos.steps()).isEqualTo(10);
        assertThat(lanczos.ritz().values()).containsExactly(Jacobi.eigenvalues(a), within(1e-12));
        ExtremeEigenvalues e = ExtremeEigenvalues.of(Matrices.operator(a), 3, 10, 1e-10, 4);
        assertThat(e.largest()).containsExactly(new double[] {5, 5, 5}, within(1e-12));
    }

    @Test
    void theStartVectorIsSeeded() {
        double[][] a = Matrices.conjugated(Matrices.spread(50, -1, 1), 2);
        ExtremeEigenvalues one = ExtremeEigenvalues.of(Matrices.operator(a), 2, 8, 1e-14, 3);
        ExtremeEigenvalues again = ExtremeEigenvalues.of(Matrices.operator(a), 2, 8, 1e-14, 3);
        ExtremeEigenvalues other = ExtremeEigenvalues.of(Matrices.operator(a), 2, 8, 1e-14, 4);
        assertThat(again.largest()).containsExactly(one.largest());
        assertThat(other.largest()[1]).isNotEqualTo(one.largest()[1]);
        assertThat(one.converged()).isFalse();   // 8 steps of 50 cannot reach 1e-14
    }

    @Test
    void badArgumentsAreRefused() {
        HessianOperator h = Matrices.operator(Matrices.diagonal(new double[] {1, 2}));
        assertThatThrownBy(() -> new Lanczos(h, 0, 0)).hasMessageContaining("at least one step");
        assertThatThrownBy(() -> new Lanczos(h, new double[] {0, 0}, 2, 0)).hasMessageContaining("nonzero");
        assertThatThrownBy(() -> new Lanczos(h, new double[] {1}, 2, 0)).hasMessageContaining("1 values");
        assertThatThrownBy(() -> ExtremeEigenvalues.of(h, 0, 2, 1e-8, 0)).hasMessageContaining("count");
    }
}
