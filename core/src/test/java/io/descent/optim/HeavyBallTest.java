package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.nn.Parameter;
import io.descent.objective.Beale;
import io.descent.objective.Quadratic;
import io.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Polyak's heavy ball in the lecture's form, w_{t+1} = w_t - a g_t + b (w_t - w_{t-1}), against PyTorch's
 * momentum formulation b_t = mu b_{t-1} + g_t, w_{t+1} = w_t - lr b_t. With lr = a, mu = b and dampening 0
 * they are the same method under the change of variables b_t = -(w_{t+1} - w_t) / a: the iterates agree,
 * and PyTorch's buffer is the lecture's velocity divided by -a. (With dampening d != 0 PyTorch's buffer
 * averages (1 - d) g, and the two differ from the first step.)
 */
class HeavyBallTest {

    @ParameterizedTest
    @ValueSource(strings = {"quadratic", "beale"})
    void heavyBallIsSgdMomentumUnderTheChangeOfVariables(String function) {
        io.descent.optim.Objective f = function.equals("beale") ? new Beale() : Quadratic.illConditioned(20);
        double[] start = function.equals("beale") ? new double[] {1, 1.5} : new double[] {1, -2};
        double a = function.equals("beale") ? 1e-3 : 0.02;
        double b = 0.9;
        int steps = function.equals("beale") ? 60 : 200;

        Tensor w = Tensor.of(start, 2);
        Optimizer heavy = Optimizers.heavyBall(List.of(new Parameter("w", w)), new MomentumConfig(a, b));
        Tensor p = Tensor.of(start, 2);
        ChainOptimizer sgd = Optimizers.sgd(List.of(new Parameter("p", p)), new SgdConfig(a, b, 0, false, 0));
        for (int t = 0; t < steps; t++) {
            double[] before = w.toDoubleArray();
            w.setGrad(f.gradient(w));
            heavy.step();
            p.setGrad(f.gradient(p));
            sgd.step();
            double[] buffer = sgd.state().tensors().get("param.0.trace.momentum_buffer").toDoubleArray();
            for (int i = 0; i < 2; i++) {
                double scale = Math.max(1, Math.abs(w.getFlat(i)));
                assertThat(p.getFlat(i)).as("step %d, coordinate %d", t + 1, i).isCloseTo(w.getFlat(i), within(1e-11 * scale));
                double velocity = w.getFlat(i) - before[i];
                assertThat(buffer[i]).as("buffer = -(w_{t+1} - w_t)/a at step %d", t + 1)
                        .isCloseTo(-velocity / a, within(1e-8 * Math.max(1, Math.abs(buffer[i]))));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5})
    void dampeningBreaksTheEquivalenceFromTheFirstMomentumStep(double dampening) {
        io.descent.optim.Objective f = Quadratic.illConditioned(20);
        Tensor w = Tensor.of(new double[] {1, -2}, 2);
        Optimizer heavy = Optimizers.heavyBall(List.of(new Parameter("w", w)), new MomentumConfig(0.02, 0.9));
        Tensor p = Tensor.of(new double[] {1, -2}, 2);
        Optimizer sgd = Optimizers.sgd(List.of(new Parameter("p", p)), new SgdConfig(0.02, 0.9, dampening, false, 0));
        for (int t = 0; t < 2; t++) {
            w.setGrad(f.gradient(w));
            heavy.step();
            p.setGrad(f.gradient(p));
            sgd.step();
        }
        assertThat(Math.abs(p.getFlat(0) - w.getFlat(0))).isGreaterThan(1e-6);
    }
}
