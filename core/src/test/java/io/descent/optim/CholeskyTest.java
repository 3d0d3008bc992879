package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.tensor.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CholeskyTest {

    @Property(tries = 100)
    void solvesPositiveDefiniteSystems(@ForAll @IntRange(min = 1, max = 8) int k, @ForAll long seed) {
        Rng rng = new Rng(seed);
        double[] m = new double[k * k];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.uniform(-1, 1);
        }
        double[] a = new double[k * k];                  // A = M M' + I
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                for (int p = 0; p < k; p++) {
                    a[i * k + j] += m[i * k + p] * m[j * k + p];
                }
            }
            a[i * k + i] += 1;
        }
        double[] x = new double[k];
        for (int i = 0; i < k; i++) {
            x[i] = rng.uniform(-2, 2);
        }
        double[] b = new double[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                b[i] += a[i * k + j] * x[j];
            }
        }
        double[] l = a.clone();
        assertThat(Cholesky.factor(l, k)).isTrue();
        Cholesky.solve(l, k, b);
        assertThat(b).containsExactly(x, within(1e-10));
    }

    @Test
    void reportsMatricesThatAreNotPositiveDefinite() {
        assertThat(Cholesky.factor(new double[] {1, 2, 2, 1}, 2)).isFalse();
        assertThat(Cholesky.factor(new double[] {0, 0, 0, 1}, 2)).isFalse();
        assertThat(Cholesky.factor(new double[] {Double.NaN}, 1)).isFalse();
    }
}
