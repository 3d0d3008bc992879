package io.descent.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.descent.tensor.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Jacobi's eigenvalues checked by invariants: for a symmetric A with eigenvalues lambda_i, sum lambda_i^p =
 * trace(A^p) for every p, which pins down the eigenvalues; and the closed form of the 2 x 2 case.
 */
class JacobiProperties {

    @Property(tries = 200)
    void powerSumsOfTheEigenvaluesAreTracesOfPowers(@ForAll @IntRange(min = 1, max = 6) int k, @ForAll long seed) {
        Rng rng = new Rng(seed);
        double[][] a = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = rng.uniform(-3, 3);
            }
        }
        double[] lambda = Jacobi.eigenvalues(a);
        double[][] power = identity(k);
        for (int p = 1; p <= k; p++) {
            power = multiply(power, a);
            double trace = 0;
            double sum = 0;
            for (int i = 0; i < k; i++) {
                trace += power[i][i];
                sum += Math.pow(lambda[i], p);
            }
            assertThat(sum).as("p = %d", p).isCloseTo(trace, within(1e-9 * Math.pow(3 * k, p)));
        }
        for (int i = 1; i < k; i++) {
            assertThat(lambda[i]).isGreaterThanOrEqualTo(lambda[i - 1]);
        }
    }

    @Property(tries = 200)
    void twoByTwoMatchesTheClosedForm(@ForAll long seed) {
        Rng rng = new Rng(seed);
        double a = rng.uniform(-5, 5), b = rng.uniform(-5, 5), c = rng.uniform(-5, 5);
        double mean = (a + c) / 2;
        double radius = Math.hypot((a - c) / 2, b);
        double[] lambda = Jacobi.eigenvalues(new double[][] {{a, b}, {b, c}});
        assertThat(lambda[0]).isCloseTo(mean - radius, within(1e-12));
        assertThat(lambda[1]).isCloseTo(mean + radius, within(1e-12));
    }

    @Test
    void refusesNonSymmetricAndNonFiniteMatrices() {
        assertThatThrownBy(() -> Jacobi.eigenvalues(new double[][] {{1, 2}, {3, 4}}))
                .hasMessageContaining("must be symmetric");
        assertThatThrownBy(() -> Jacobi.eigenvalues(new double[][] {{1, Double.NaN}, {Double.NaN, 4}}))
                .isInstanceOf(ArithmeticException.class);
    }

    private static double[][] identity(int k) {
        double[][] m = new double[k][k];
        for (int i = 0; i < k; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static double[][] multiply(double[][] x, double[][] y) {
        int k = x.length;
        double[][] out = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                for (int p = 0; p < k; p++) {
                    out[i][j] += x[i][p] * y[p][j];
                }
            }
        }
        return out;
    }
}
