package io.descent.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.objective.Jacobi;
import io.descent.tensor.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The tridiagonal QL's eigenpairs: values as Jacobi's, T z = lambda z, Z orthonormal. */
class TridiagonalTest {

    @Property(tries = 100)
    void eigenpairsOfRandomTridiagonalsMatchJacobi(@ForAll @IntRange(min = 1, max = 30) int m, @ForAll long seed) {
        Rng rng = new Rng(seed);
        double[] alpha = new double[m];
        double[] beta = new double[m];
        double[][] t = new double[m][m];
        for (int i = 0; i < m; i++) {
            alpha[i] = rng.uniform(-3, 3);
            t[i][i] = alpha[i];
            if (i + 1 < m) {
                beta[i] = rng.nextDouble() < 0.1 ? 0 : rng.uniform(-2, 2);   // some zeros: split blocks
                t[i][i + 1] = beta[i];
                t[i + 1][i] = beta[i];
            }
        }
        Tridiagonal.Eigen e = Tridiagonal.eigen(alpha, beta, m);
        double[] jacobi = Jacobi.eigenvalues(t);
        for (int j = 0; j < m; j++) {
            assertThat(e.values()[j]).as("value %d", j).isCloseTo(jacobi[j], within(1e-12 * 10));
            for (int r = 0; r < m; r++) {
                double tz = 0;
                for (int c = 0; c < m; c++) {
                    tz += t[r][c] * e.vectors()[c][j];
                }
                assertThat(tz).isCloseTo(e.values()[j] * e.vectors()[r][j], within(1e-12 * 10));
            }
            for (int i = 0; i <= j; i++) {
                double dot = 0;
                for (int r = 0; r < m; r++) {
                    dot += e.vectors()[r][i] * e.vectors()[r][j];
                }
                assertThat(dot).isCloseTo(i == j ? 1 : 0, within(1e-12));
            }
        }
    }
}
