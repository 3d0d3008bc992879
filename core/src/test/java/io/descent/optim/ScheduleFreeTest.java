package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Schedule-free SGD and AdamW step by step against the paper's algorithm (Defazio et al. 2024, Algorithm 1,
 * with the reference package's warmup and weighting c_{t+1} = gamma_max,t^2 / sum_i gamma_max,i^2) written
 * out here with x, y and z kept separately, on Rosenbrock's function in float64, gradients taken at y. The
 * optimizer keeps y and z only and moves y in place; it must agree with these three sequences at every step,
 * hold x after evalMode() and y again after trainMode().
 */
class ScheduleFreeTest {
    private static final int STEPS = 60;
    private static final double[] START = {-1.2, 1.0};

    /** grad of (1 - a)^2 + 100 (b - a^2)^2. */
    private static double[] gradient(double[] w) {
        double d = w[1] - w[0] * w[0];
        return new double[] {-2 * (1 - w[0]) - 400 * w[0] * d, 200 * d};
    }

    /** The paper's sequences: [step][0 = x, 1 = y][coordinate]. */
    private static double[][][] reference(ScheduleFreeConfig c, boolean adamw) {
        double[] x = START.clone();
        double[] z = START.clone();
        double[] y = START.clone();
        double[] v = new double[2];
        double lrMax = -1;
        double weightSum = 0;
        double[][][] out = new double[STEPS][][];
        for (int t = 1; t <= STEPS; t++) {
            double[] g = gradient(y);
            double gamma = c.lr() * Math.min(1, c.warmupSteps() == 0 ? 1 : (double) t / c.warmupSteps());
            if (adamw) {
                gamma *= Math.sqrt(1 - Math.pow(c.beta2(), t));
            }
            lrMax = Math.max(lrMax, gamma);
            weightSum += lrMax * lrMax;
            double ct = lrMax * lrMax / weightSum;
            for (int i = 0; i < 2; i++) {
                double d;
                if (adamw) {
                    v[i] = c.beta2() * v[i] + (1 - c.beta2()) * g[i] * g[i];
                    d = g[i] / (Math.sqrt(v[i]) + c.eps()) + c.weightDecay() * y[i];
                } else {
                    d = g[i] + c.weightDecay() * y[i];
                }
                z[i] = z[i] - gamma * d;
                x[i] = (1 - ct) * x[i] + ct * z[i];
                y[i] = (1 - c.beta1()) * z[i] + c.beta1() * x[i];
            }
            out[t - 1] = new double[][] {x.clone(), y.clone()};
        }
        return out;
    }

    private static void check(ChainOptimizer opt, Parameter p, double[][][] expected) {
        for (int t = 0; t < STEPS; t++) {
            p.value().setGrad(Tensor.of(gradient(p.value().toDoubleArray()), 2));
            opt.step();
            assertClose(p.value().toDoubleArray(), expected[t][1], "y after step " + (t + 1));
            if (t % 7 == 3) {      // a look at x in the middle of the run changes nothing after it
                opt.evalMode();
                assertClose(p.value().toDoubleArray(), expected[t][0], "x after step " + (t + 1));
                opt.trainMode();
                assertClose(p.value().toDoubleArray(), expected[t][1], "y again after step " + (t + 1));
            }
        }
        opt.evalMode();
        assertClose(p.value().toDoubleArray(), expected[STEPS - 1][0], "x at the end");
    }

    private static void assertClose(double[] actual, double[] expected, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("%s, coordinate %d", what, i)
                    .isCloseTo(expected[i], within(1e-11 * Math.max(1, Math.abs(expected[i]))));
        }
    }

    private static Parameter start() {
        return new Parameter("w", Tensor.of(START.clone(), 2));
    }

    @Test
    void sgdFollowsThePapersAlgorithmWithWarmupAndWeightDecay() {
        ScheduleFreeConfig c = new ScheduleFreeConfig(2e-4, 0.9, 0.999, 1e-8, 10, 0.01);
        Parameter p = start();
        check(Optimizers.sgdScheduleFree(List.of(p), c), p, reference(c, false));
    }

    @Test
    void sgdWithoutWarmupAveragesUniformly() {
        ScheduleFreeConfig c = ScheduleFreeConfig.sgdDefaults().withLr(1e-4).withBetas(0.5, 0.999);
        Parameter p = start();
        check(Optimizers.sgdScheduleFree(List.of(p), c), p, reference(c, false));
    }

    @Test
    void adamwFollowsThePapersAlgorithmWithWarmupAndWeightDecay() {
        ScheduleFreeConfig c = new ScheduleFreeConfig(0.01, 0.9, 0.99, 1e-8, 20, 0.1);
        Parameter p = start();
        check(Optimizers.adamwScheduleFree(List.of(p), c), p, reference(c, true));
    }

    @Test
    void adamwWithTheReferenceDefaults() {
        ScheduleFreeConfig c = ScheduleFreeConfig.adamwDefaults();
        Parameter p = start();
        check(Optimizers.adamwScheduleFree(List.of(p), c), p, reference(c, true));
    }

    @Test
    void noStepInEvaluationMode() {
        Parameter p = start();
        ChainOptimizer opt = Optimizers.sgdScheduleFree(List.of(p), ScheduleFreeConfig.sgdDefaults());
        opt.evalMode();
        p.value().setGrad(Tensor.of(new double[] {1, 1}, 2));
        assertThatThrownBy(opt::step).isInstanceOf(IllegalStateException.class).hasMessageContaining("trainMode()");
    }

    @Test
    void savedStateResumesTheSameTrajectory() {
        ScheduleFreeConfig c = new ScheduleFreeConfig(0.01, 0.9, 0.99, 1e-8, 5, 0.1);
        Parameter a = start();
        ChainOptimizer first = Optimizers.adamwScheduleFree(List.of(a), c);
        for (int t = 0; t < 8; t++) {
            a.value().setGrad(Tensor.of(gradient(a.value().toDoubleArray()), 2));
            first.step();
        }
        Parameter b = new Parameter("w", Tensor.of(a.value().toDoubleArray(), 2));
        ChainOptimizer second = Optimizers.adamwScheduleFree(List.of(b), c);
        second.load(first.state());
        assertThat(first.state().tensors()).containsKeys("param.0.scheduleFreeAdamW.z",
                "param.0.scheduleFreeAdamW.exp_avg_sq", "param.0.scheduleFreeAdamW.lr_max",
                "param.0.scheduleFreeAdamW.weight_sum");
        for (int t = 0; t < 5; t++) {
            a.value().setGrad(Tensor.of(gradient(a.value().toDoubleArray()), 2));
            b.value().setGrad(Tensor.of(gradient(b.value().toDoubleArray()), 2));
            first.step();
            second.step();
        }
        first.evalMode();
        second.evalMode();
        assertThat(b.value().toDoubleArray()).containsExactly(a.value().toDoubleArray());
    }

    @Test
    void float32TracksFloat64() {
        ScheduleFreeConfig c = new ScheduleFreeConfig(0.01, 0.9, 0.99, 1e-8, 5, 0.1);
        Parameter p = start();
        Parameter q = new Parameter("w", Tensor.of(START.clone(), 2).to(DType.FLOAT32));
        ChainOptimizer d = Optimizers.adamwScheduleFree(List.of(p), c);
        ChainOptimizer f = Optimizers.adamwScheduleFree(List.of(q), c);
        for (int t = 0; t < 20; t++) {
            p.value().setGrad(Tensor.of(gradient(p.value().toDoubleArray()), 2));
            q.value().setGrad(Tensor.of(gradient(q.value().toDoubleArray()), 2).to(DType.FLOAT32));
            d.step();
            f.step();
        }
        d.evalMode();
        f.evalMode();
        assertThat(q.value().toDoubleArray()).containsExactly(p.value().toDoubleArray(), within(1e-4));
    }

    @Test
    void badSettingsAreRefusedWithTheirNames() {
        assertThatThrownBy(() -> ScheduleFreeConfig.sgdDefaults().withBetas(1, 0.999))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta1");
        assertThatThrownBy(() -> ScheduleFreeConfig.sgdDefaults().withWarmupSteps(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warmup steps");
    }
}
