package io.descent.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.nn.Parameter;
import io.descent.optim.Optimizer;
import io.descent.optim.Optimizers;
import io.descent.optim.SgdConfig;
import io.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A schedule drives an optimizer through its groups' learning rates: w moves by lr_t g at each step. */
class ScheduledTrainingTest {

    @Test
    void eachStepUsesTheScheduledRate() {
        Tensor w = Tensor.of(new double[] {0}, 1);
        Optimizer sgd = Optimizers.sgd(List.of(new Parameter("w", w)), SgdConfig.defaults().withLr(0.2));
        Schedule s = Schedules.warmup(2, Schedules.step(2, 0.5));
        double expected = 0;
        for (long t = 0; t < 8; t++) {
            sgd.setLearningRateFactor(s.at(t));
            w.setGrad(Tensor.of(new double[] {1}, 1));
            sgd.step();
            expected -= 0.2 * s.at(t);
            assertThat(w.getFlat(0)).isEqualTo(expected, org.assertj.core.data.Offset.offset(1e-15));
        }
        assertThat(sgd.groups().get(0).lr()).isEqualTo(0.2 * 0.25);
    }
}
