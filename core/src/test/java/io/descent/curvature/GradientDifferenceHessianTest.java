package io.descent.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.nn.Tanh;
import io.descent.objective.Erm;
import io.descent.objective.Jacobi;
import io.descent.optim.FiniteDifferences;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** H v by differences of gradients, against closed forms and column-wise finite differences; the spectrum of a small network. */
class GradientDifferenceHessianTest {
    static final int N = 40;

    static Tensor[] data(int n, int features, long seed) {
        Rng rng = new Rng(seed);
        double[] x = new double[n * features];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < features; j++) {
                x[i * features + j] = rng.nextGaussian();
                s += (j + 1) * x[i * features + j];
            }
            y[i] = s + rng.nextGaussian() > 0 ? 1 : -1;
        }
        return new Tensor[] {Tensor.wrap(x, n, features), Tensor.wrap(y, n, 1)};
    }

    /** mean log(1 + exp(-y f(x))): the logistic loss on -1/+1 labels. */
    static Tensor logistic(Tensor out, Tensor y) {
        return out.mul(y).neg().exp().add(1).log().mean();
    }

    @Test
    void onTheSquareLossOfALinearModelProductsAreTheClosedFormToRounding() {
        Tensor[] d = data(N, 3, 1);
        Module model = Models.linear(3, 1, 2, DType.FLOAT64);
        Supplier<Tensor> loss = () -> model.forward(d[0]).sub(d[1]).pow(2).mean();
        HessianOperator h = GradientDifferenceHessian.of(model.parameters(), loss);
        // H = (2/n) sum_i x~ x~', x~ = (x, 1): weights first, then the bias
        double[][] exact = new double[4][4];
        for (int i = 0; i < N; i++) {
            double[] xt = {d[0].get(i, 0), d[0].get(i, 1), d[0].get(i, 2), 1};
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 4; b++) {
                    exact[a][b] += 2 * xt[a] * xt[b] / N;
                }
            }
        }
        double[] v = {0.3, -1.2, 0.7, 2.0};
        double[] hv = new double[4];
        double[] before = model.parameters().get(0).value().toDoubleArray();
        h.apply(v, hv);
        for (int a = 0; a < 4; a++) {
            double e = 0;
            for (int b = 0; b < 4; b++) {
                e += exact[a][b] * v[b];
            }
            assertThat(hv[a]).isCloseTo(e, within(1e-9));
        }
        assertThat(model.parameters().get(0).value().toDoubleArray()).containsExactly(before);   // put back exactly
        assertThat(v).containsExactly(0.3, -1.2, 0.7, 2.0);
    }

    @Test
    void onATanhNetworkProductsMatchColumnWiseFiniteDifferencesAndAreLinearInV() {
        Tensor[] d = data(N, 3, 2);
        Module model = Models.mlp(3, 1).hidden(4).activation(Tanh::new).dtype(DType.FLOAT64).seed(3).build();
        Supplier<Tensor> loss = () -> logistic(model.forward(d[0]), d[1]);
        HessianOperator h = GradientDifferenceHessian.of(model.parameters(), loss);
        int k = h.dimension();
        assertThat(k).isEqualTo(3 * 4 + 4 + 4 + 1);
        Erm risk = new Erm(model, d[0], d[1], GradientDifferenceHessianTest::logistic);
        Tensor w = risk.parameters();
        double[] columns = FiniteDifferences.hessian(risk, w).toDoubleArray();
        risk.load(w);
        Rng rng = new Rng(4);
        double[] v = new double[k];
        for (int i = 0; i < k; i++) {
            v[i] = rng.nextGaussian();
        }
        double[] hv = new double[k];
        h.apply(v, hv);
        double[] scaled = v.clone();
        for (int i = 0; i < k; i++) {
            scaled[i] *= 1e3;
        }
        double[] hScaled = new double[k];
        h.apply(scaled, hScaled);
        for (int a = 0; a < k; a++) {
            double e = 0;
            for (int b = 0; b < k; b++) {
                e += columns[a * k + b] * v[b];
            }
            assertThat(hv[a]).as("row %d", a).isCloseTo(e, within(1e-8));
            assertThat(hScaled[a] / 1e3).isCloseTo(hv[a], within(1e-8));
        }
        assertThat(risk.parameters().toDoubleArray()).containsExactly(w.toDoubleArray());
    }

    @Test
    void theSpectrumOfASmallNetworkMatchesTheFullJacobiEigendecomposition() {
        Tensor[] d = data(60, 2, 5);
        Module model = Models.mlp(2, 1).hidden(5).activation(Tanh::new).dtype(DType.FLOAT64).seed(6).build();
        HessianOperator h = Hessians.of(model.parameters(), () -> logistic(model.forward(d[0]), d[1]));
        int k = h.dimension();
        double[] lambda = Jacobi.eigenvalues(Hessians.dense(h));
        assertThat(lambda[0]).isNegative();   // a random tanh network is not at a minimum: negative curvature
        ExtremeEigenvalues e = ExtremeEigenvalues.of(h, 3, k, 1e-9, 1);
        for (int i = 0; i < 3; i++) {
            assertThat(e.largest()[i]).isCloseTo(lambda[k - 1 - i], within(1e-7));
            assertThat(e.smallest()[i]).isCloseTo(lambda[i], within(1e-7));
        }
        Hutchinson.Estimate t = Hutchinson.trace(h, 400, 2);
        assertThat(Math.abs(t.value() - Matrices.powerTrace(lambda, 1))).isLessThanOrEqualTo(4 * t.standardError() + 1e-9);
        SpectralDensity s = SpectralDensity.estimate(h, 1, k, 3);
        long negative = java.util.Arrays.stream(lambda).filter(x -> x < -1e-6).count();
        assertThat(s.massBelow(-1e-6)).isGreaterThan(0).isLessThan(1);
        assertThat(negative).isPositive();
    }

    @Test
    void aSumOfChunksHasTheHessianOfTheWholeBatch() {
        Tensor[] d = data(N, 2, 7);
        Module model = Models.mlp(2, 1).hidden(3).activation(Tanh::new).dtype(DType.FLOAT64).seed(8).build();
        HessianOperator whole = Hessians.of(model.parameters(), () -> logistic(model.forward(d[0]), d[1]));
        HessianOperator chunks = Hessians.ofSum(model.parameters(), List.of(
                () -> logistic(model.forward(d[0].sliceRows(0, 15)), d[1].sliceRows(0, 15)).mul(15.0 / N),
                () -> logistic(model.forward(d[0].sliceRows(15, N)), d[1].sliceRows(15, N)).mul((N - 15.0) / N)));
        assertThat(Hessians.byDifferences(whole)).as("Hessians.of gives exact products").isFalse();
        assertThat(Hessians.byDifferences(chunks)).isFalse();
        HessianOperator differences = GradientDifferenceHessian.of(model.parameters(),
                () -> logistic(model.forward(d[0]), d[1]));
        assertThat(Hessians.byDifferences(Hessians.sum(List.of(differences, differences)))).isTrue();
        assertThat(Hessians.byDifferences(Matrices.operator(new double[][] {{1}}))).isFalse();
        double[][] a = Hessians.dense(whole);
        double[][] b = Hessians.dense(chunks);
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).containsExactly(a[i], within(1e-9));
        }
    }

    @Test
    void float32ParametersAreRefused() {
        Module model = Models.linear(2, 1, 0, DType.FLOAT32);
        assertThatThrownBy(() -> GradientDifferenceHessian.of(model.parameters(), () -> Tensor.scalar(0)))
                .hasMessageContaining("float64");
    }
}
