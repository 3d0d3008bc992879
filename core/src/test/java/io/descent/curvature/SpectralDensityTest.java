package io.descent.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Stochastic Lanczos quadrature: a density of mass 1 whose moments are tr(H^p) / k. */
class SpectralDensityTest {

    @Test
    void theSmoothedDensityIntegratesToOne() {
        double[][] a = Matrices.conjugated(Matrices.spread(100, -1, 4), 8);
        SpectralDensity d = SpectralDensity.estimate(Matrices.operator(a), 6, 25, 3);
        SpectralDensity.Grid g = d.grid(2000, d.defaultWidth());
        double integral = 0;
        for (int i = 1; i < g.t().length; i++) {
            integral += 0.5 * (g.density()[i] + g.density()[i - 1]) * (g.t()[i] - g.t()[i - 1]);
        }
        assertThat(integral).isCloseTo(1, within(1e-6));
        for (SpectralDensity.Quadrature q : d.probes()) {
            double w = 0;
            for (double x : q.weights()) {
                w += x;
            }
            assertThat(w).isCloseTo(1, within(1e-12));
            assertThat(q.nodes()).hasSize(25).isSorted();
        }
    }

    @Test
    void onADiagonalTheQuadratureMomentsAreTracesOfPowersExactly() {
        // for diagonal H and v = z / sqrt(k), v' H^p v = tr(H^p) / k for every probe, and m-point Gauss quadrature
        // integrates polynomials of degree up to 2m - 1 exactly
        double[] d = Matrices.spread(90, -2, 3);
        int m = 6;
        SpectralDensity s = SpectralDensity.estimate(Matrices.operator(Matrices.diagonal(d)), 3, m, 5);
        for (int p = 0; p <= 2 * m - 1; p++) {
            double exact = Matrices.powerTrace(d, p) / 90;
            assertThat(s.moment(p)).as("p = %d", p).isCloseTo(exact, within(1e-10 * Math.max(1, Math.abs(exact))));
        }
        assertThat(s.trace()).isCloseTo(Matrices.powerTrace(d, 1), within(1e-9));
        // degree 2m is beyond the quadrature: no longer exact
        double beyond = Matrices.powerTrace(d, 2 * m) / 90;
        assertThat(Math.abs(s.moment(2 * m) - beyond)).isGreaterThan(1e-6 * beyond);
    }

    @Test
    void onAConjugatedMatrixTheMomentsMatchWithinTheirSamplingError() {
        double[] d = Matrices.spread(80, -1, 2);
        double[][] a = Matrices.conjugated(d, 21);
        SpectralDensity s = SpectralDensity.estimate(Matrices.operator(a), 200, 10, 6);
        for (int power = 1; power <= 4; power++) {
            int p = power;
            double exact = Matrices.powerTrace(d, p) / 80;
            double[] perProbe = s.probes().stream().mapToDouble(q -> {
                double m = 0;
                for (int j = 0; j < q.nodes().length; j++) {
                    m += q.weights()[j] * Math.pow(q.nodes()[j], p);
                }
                return m;
            }).toArray();
            double mean = java.util.Arrays.stream(perProbe).average().orElseThrow();
            double var = java.util.Arrays.stream(perProbe).map(x -> (x - mean) * (x - mean)).sum() / (perProbe.length - 1);
            assertThat(mean).isEqualTo(s.moment(p), within(1e-12));
            assertThat(Math.abs(mean - exact)).as("p = %d", p).isLessThanOrEqualTo(4 * Math.sqrt(var / perProbe.length));
        }
    }

    @Test
    void withKStepsOnADiagonalTheMassBelowIsTheShareOfEigenvaluesBelow() {
        // m = k: the nodes are the eigenvalues, each weighted v_i^2 = 1/k
        double[] d = Matrices.spread(40, -3, 5);
        SpectralDensity s = SpectralDensity.estimate(Matrices.operator(Matrices.diagonal(d)), 2, 40, 1);
        long negative = java.util.Arrays.stream(d).filter(x -> x < -0.5).count();
        assertThat(s.massBelow(-0.5)).isCloseTo(negative / 40.0, within(1e-9));
        assertThat(s.massBelow(-100)).isZero();
        assertThat(s.massBelow(100)).isCloseTo(1, within(1e-12));
        assertThat(s.range()).containsExactly(new double[] {-3, 5}, within(1e-9));
    }

    @Test
    void theDensityPeaksAtAnIsolatedEigenvalueWithItsShareOfTheMass() {
        double[] d = new double[50];
        java.util.Arrays.fill(d, 0, 45, 1);   // 90% at 1
        java.util.Arrays.fill(d, 45, 50, 10); // 10% at 10
        SpectralDensity s = SpectralDensity.estimate(Matrices.operator(Matrices.diagonal(d)), 4, 10, 2);
        double sigma = 0.2;
        double peak = 1 / (sigma * Math.sqrt(2 * Math.PI));
        assertThat(s.density(1, sigma)).isCloseTo(0.9 * peak, within(1e-9));
        assertThat(s.density(10, sigma)).isCloseTo(0.1 * peak, within(1e-9));
        assertThat(s.density(5.5, sigma)).isLessThan(1e-12);
    }
}
