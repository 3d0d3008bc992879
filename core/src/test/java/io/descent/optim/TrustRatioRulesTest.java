package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.nn.Parameter;
import io.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LAMB and LARS against their papers' rules written out here, on two tensors whose norms differ, so that a
 * ratio taken over all parameters (instead of per tensor) would fail, and with a zero tensor, whose ratio is 1.
 */
class TrustRatioRulesTest {
    static final double[][] W = {{0.5, -1.5, 2.0}, {0.1, 0.2}};
    static final double[][][] G = {{{0.3, -0.8, 0.1}, {1.0, -2.0}}, {{-0.1, 0.4, 0.2}, {0.5, 0.5}}};

    private static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static List<Parameter> parameters() {
        return List.of(new Parameter("a", Tensor.of(W[0].clone(), 3)), new Parameter("b", Tensor.of(W[1].clone(), 2)));
    }

    private static void run(Optimizer opt, List<Parameter> ps, double[][][] expected) {
        for (int t = 0; t < G.length; t++) {
            for (int k = 0; k < ps.size(); k++) {
                ps.get(k).value().setGrad(Tensor.of(G[t][k].clone(), G[t][k].length));
            }
            opt.step();
            for (int k = 0; k < ps.size(); k++) {
                for (int i = 0; i < W[k].length; i++) {
                    double e = expected[t][k][i];
                    assertThat(ps.get(k).value().getFlat(i)).as("step %d tensor %d element %d", t + 1, k, i)
                            .isCloseTo(e, within(1e-14 * Math.max(1, Math.abs(e))));
                }
            }
        }
    }

    @Test
    void lambScalesAdamsStepByEachTensorsTrustRatio() {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-6, lambda = 0.01;
        double[][][] e = new double[G.length][][];
        for (int k = 0; k < W.length; k++) {
            double[] w = W[k].clone();
            double[] m = new double[w.length];
            double[] v = new double[w.length];
            for (int t = 1; t <= G.length; t++) {
                double[] u = new double[w.length];
                for (int i = 0; i < w.length; i++) {
                    double g = G[t - 1][k][i];
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    double r = (m[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(v[i] / (1 - Math.pow(b2, t))) + eps);
                    u[i] = r + lambda * w[i];
                }
                double ratio = norm(w) / norm(u);
                for (int i = 0; i < w.length; i++) {
                    w[i] -= lr * ratio * u[i];
                }
                if (e[t - 1] == null) {
                    e[t - 1] = new double[W.length][];
                }
                e[t - 1][k] = w.clone();
            }
        }
        List<Parameter> ps = parameters();
        run(Optimizers.lamb(ps, new LambConfig(lr, b1, b2, eps, lambda)), ps, e);
    }

    @Test
    void larsTakesEachTensorsLocalLearningRate() {
        double gamma = 0.1, mu = 0.9, beta = 5e-4, eta = 1e-3;
        double[][][] e = new double[G.length][W.length][];
        for (int k = 0; k < W.length; k++) {
            double[] w = W[k].clone();
            double[] vel = new double[w.length];
            for (int t = 0; t < G.length; t++) {
                double[] g = G[t][k];
                double local = eta * norm(w) / (norm(g) + beta * norm(w));
                for (int i = 0; i < w.length; i++) {
                    vel[i] = mu * vel[i] + gamma * local * (g[i] + beta * w[i]);
                    w[i] -= vel[i];
                }
                e[t][k] = w.clone();
            }
        }
        List<Parameter> ps = parameters();
        run(Optimizers.lars(ps, new LarsConfig(gamma, mu, beta, eta)), ps, e);
    }

    @Test
    void aTensorAtZeroTakesThePlainStep() {
        Parameter bias = new Parameter("bias", Tensor.of(new double[] {0, 0}, 2));
        ChainOptimizer lars = Optimizers.lars(List.of(bias), new LarsConfig(0.1, 0, 0, 1e-3));
        bias.value().setGrad(Tensor.of(new double[] {1, -2}, 2));
        lars.step();
        assertThat(bias.value().toDoubleArray()).containsExactly(new double[] {-0.1, 0.2}, within(1e-15));
        Parameter b2 = new Parameter("bias", Tensor.of(new double[] {0, 0}, 2));
        ChainOptimizer lamb = Optimizers.lamb(List.of(b2), new LambConfig(0.1, 0.9, 0.999, 0, 0));
        b2.value().setGrad(Tensor.of(new double[] {1, -2}, 2));
        lamb.step();
        // Adam's first step is sign(g) (eps = 0), the ratio 1
        assertThat(b2.value().toDoubleArray()).containsExactly(new double[] {-0.1, 0.1}, within(1e-15));
    }
}
