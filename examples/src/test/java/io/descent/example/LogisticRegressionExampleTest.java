package io.descent.example;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogisticRegressionExampleTest {

    @Test
    void lossDecreasesMonotonicallyUnderGradientDescent() {
        double[] losses = LogisticRegressionExample.train(100, 0.5, 42);
        assertThat(losses[0]).isEqualTo(Math.log(2), org.assertj.core.data.Offset.offset(1e-12));
        for (int t = 1; t < losses.length; t++) {
            assertThat(losses[t]).as("loss at step %d", t).isLessThan(losses[t - 1]);
        }
        assertThat(losses[losses.length - 1]).isLessThan(0.2);
    }
}
