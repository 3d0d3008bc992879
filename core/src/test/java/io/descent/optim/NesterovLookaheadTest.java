package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.nn.Parameter;
import io.descent.objective.Beale;
import io.descent.objective.Quadratic;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nesterov's method in the lecture's look-ahead form, w_{t+1} = w_t - a grad f(y_t) + b (w_t - w_{t-1}) with
 * y_t = w_t + b (w_t - w_{t-1}), against PyTorch's SGD with nesterov=True: b_t = mu b_{t-1} + grad f(p_t),
 * p_{t+1} = p_t - lr (grad f(p_t) + mu b_t). With lr = a and mu = b, PyTorch's iterate p_t is the lecture's
 * look-ahead point y_t, and its buffer is b_t = -(w_{t+1} - w_t) / a.
 */
class NesterovLookaheadTest {

    @ParameterizedTest
    @ValueSource(strings = {"quadratic", "beale"})
    void pytorchsNesterovIteratesAreTheLookaheadPoints(String function) {
        Objective f = function.equals("beale") ? new Beale() : Quadratic.illConditioned(20);
        double[] start = function.equals("beale") ? new double[] {1, 1.5} : new double[] {1, -2};
        double a = function.equals("beale") ? 1e-3 : 0.02;
        double b = 0.9;
        int steps = function.equals("beale") ? 60 : 200;

        Tensor w = Tensor.of(start, 2);
        NesterovLookahead lecture = Optimizers.nesterovLookahead(List.of(new Parameter("w", w)), new MomentumConfig(a, b));
        List<double[]> evaluatedAt = new ArrayList<>();
        Closure closure = () -> {
            evaluatedAt.add(w.toDoubleArray());
            w.setGrad(f.gradient(w));
            return f.value(w);
        };
        Tensor p = Tensor.of(start, 2);
        ChainOptimizer sgd = Optimizers.sgd(List.of(new Parameter("p", p)), new SgdConfig(a, b, 0, true, 0));

        double[] previous = start.clone();
        for (int t = 0; t < steps; t++) {
            double[] current = w.toDoubleArray();
            double[] lookahead = {current[0] + b * (current[0] - previous[0]), current[1] + b * (current[1] - previous[1])};
            // PyTorch's p_t is y_t, and the lecture's gradient is taken there
            for (int i = 0; i < 2; i++) {
                double scale = Math.max(1, Math.abs(lookahead[i]));
                assertThat(p.getFlat(i)).as("p_%d = y_%d, coordinate %d", t, t, i).isCloseTo(lookahead[i], within(1e-11 * scale));
            }
            lecture.step(closure);
            assertThat(evaluatedAt.get(t)).containsExactly(lookahead, within(1e-12));
            p.setGrad(f.gradient(p));
            sgd.step();
            double[] buffer = sgd.state().tensors().get("param.0.trace.momentum_buffer").toDoubleArray();
            for (int i = 0; i < 2; i++) {
                double velocity = w.getFlat(i) - current[i];
                assertThat(buffer[i]).isCloseTo(-velocity / a, within(1e-8 * Math.max(1, Math.abs(buffer[i]))));
            }
            previous = current;
        }
    }
}
