package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.autograd.GradMode;
import io.descent.nn.Parameter;
import io.descent.tensor.Tensor;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The lecture's claim about AdaGrad: the effective step of every coordinate, eta_t / (sqrt(G_t) + eps), only
 * shrinks, whatever the gradients. It is measured from the updates themselves: the parameter is set to 0
 * before each step, so that after it w = -s_t g_t exactly up to one rounding, and s_t = -w / g_t.
 */
class AdagradStepProperties {

    @Property(tries = 200)
    void effectiveStepNeverGrows(@ForAll @Size(min = 6, max = 90) List<@DoubleRange(min = -50, max = 50) Double> gradients,
                                 @ForAll @DoubleRange(min = 0, max = 0.5) double lrDecay,
                                 @ForAll @DoubleRange(min = 0, max = 1) double initialAccumulator) {
        int k = 3;
        Tensor w = Tensor.zeros(io.descent.tensor.DType.FLOAT64, k);
        Optimizer adagrad = Optimizers.adagrad(List.of(new Parameter("w", w)),
                new AdagradConfig(0.1, lrDecay, 0, initialAccumulator, 1e-10));
        double[] last = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        for (int t = 0; t + k <= gradients.size(); t += k) {
            double[] g = {gradients.get(t), gradients.get(t + 1), gradients.get(t + 2)};
            try (var scope = GradMode.disabled()) {
                w.fill(0);
            }
            w.setGrad(Tensor.of(g, k));
            adagrad.step();
            for (int i = 0; i < k; i++) {
                if (Math.abs(g[i]) < 1e-3) {
                    continue;
                }
                double step = -w.getFlat(i) / g[i];
                assertThat(step).isPositive();
                assertThat(step).as("coordinate %d at step %d", i, t / k + 1).isLessThanOrEqualTo(last[i] * (1 + 1e-12));
                last[i] = step;
            }
        }
    }

    @Test
    void adamsEffectiveStepCanGrowWhereAdagradsCannot() {
        double[] adagrad = effectiveSteps(ps -> Optimizers.adagrad(ps, AdagradConfig.defaults().withLr(0.1)));
        double[] adam = effectiveSteps(ps -> Optimizers.adam(ps, AdamConfig.defaults().withLr(0.1).withBetas(0, 0.9)));
        assertThat(adagrad[1]).isLessThan(adagrad[0]);
        assertThat(adam[1]).isGreaterThan(adam[0]);
    }

    /** Effective steps -w/g of two steps with gradients 10 then 0.1, from w = 0 each time. */
    private static double[] effectiveSteps(java.util.function.Function<List<Parameter>, Optimizer> factory) {
        Tensor w = Tensor.zeros(io.descent.tensor.DType.FLOAT64, 1);
        Optimizer opt = factory.apply(List.of(new Parameter("w", w)));
        double[] out = new double[2];
        double[] g = {10, 0.1};
        for (int t = 0; t < 2; t++) {
            try (var scope = GradMode.disabled()) {
                w.fill(0);
            }
            w.setGrad(Tensor.of(new double[] {g[t]}, 1));
            opt.step();
            out[t] = -w.getFlat(0) / g[t];
        }
        return out;
    }
}
