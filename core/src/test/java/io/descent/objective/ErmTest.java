package io.descent.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.descent.optim.Newton;
import io.descent.optim.NewtonConfig;
import io.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The empirical risk of a model as an objective of its flattened parameters. */
class ErmTest {
    final Tensor[] data = NewtonVersusGradientDescentTest.data(60, 3);
    final NewtonVersusGradientDescentTest.LinearModel model = new NewtonVersusGradientDescentTest.LinearModel();
    final Erm risk = new Erm(model, data[0], data[1], NewtonVersusGradientDescentTest::logLoss);
    final Tensor w = Tensor.of(new double[] {0.4, -0.3, 0.2}, 3);

    @Test
    void parametersAreFlattenedInModuleOrderAndLoadedBack() {
        assertThat(risk.dimension()).isEqualTo(3);
        risk.load(w);
        assertThat(model.weight.value().toDoubleArray()).containsExactly(0.4, -0.3);
        assertThat(model.bias.value().toDoubleArray()).containsExactly(0.2);
        assertThat(risk.parameters().toDoubleArray()).containsExactly(0.4, -0.3, 0.2);
    }

    @Test
    void gradientMatchesCentralDifferencesOfTheValue() {
        double[] g = risk.gradient(w).toDoubleArray();
        for (int j = 0; j < 3; j++) {
            double[] plus = w.toDoubleArray();
            double[] minus = w.toDoubleArray();
            plus[j] += 1e-6;
            minus[j] -= 1e-6;
            double numeric = (risk.value(Tensor.of(plus, 3)) - risk.value(Tensor.of(minus, 3))) / 2e-6;
            assertThat(g[j]).isCloseTo(numeric, within(1e-8));
        }
    }

    @Test
    void finiteDifferenceHessianMatchesTheExactLogisticHessian() {
        // exact: (1/n) sum_i p_i (1 - p_i) x_i x_i', x_i = (features, 1), p_i = sigmoid(x_i'w)
        int n = data[0].dim(0);
        double[][] exact = new double[3][3];
        double[] wv = w.toDoubleArray();
        for (int i = 0; i < n; i++) {
            double[] x = {data[0].get(i, 0), data[0].get(i, 1), 1};
            double s = x[0] * wv[0] + x[1] * wv[1] + x[2] * wv[2];
            double p = 1 / (1 + Math.exp(-s));
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    exact[a][b] += p * (1 - p) * x[a] * x[b] / n;
                }
            }
        }
        Tensor h = risk.hessian(w);
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                assertThat(h.get(a, b)).isCloseTo(exact[a][b], within(1e-8));
            }
        }
    }

    @Test
    void newtonRefusesModelsAboveItsParameterLimitWithTheReason() {
        assertThatThrownBy(() -> new Newton(risk, NewtonConfig.defaults().withMaxParameters(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the objective has 3 parameters, above the limit of 2")
                .hasMessageContaining("O(k^3)")
                .hasMessageContaining("L-BFGS");
    }

    @Test
    void theLossMustBeAScalar() {
        Erm perSample = new Erm(model, data[0], data[1], (out, y) -> out.mul(y));
        assertThatThrownBy(() -> perSample.value(w)).hasMessageContaining("the loss must be a scalar");
    }
}
