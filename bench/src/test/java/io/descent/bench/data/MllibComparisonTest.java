package io.descent.bench.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MllibComparisonTest {
    private static final List<String> LINES = List.of(
            "descent train on Spark (local[2]): 799354 training samples in 11 partitions, 100001 parameters",
            "step 500/6246 epoch 1 (50 local steps) loss 0.5858 | compute 29.6 ms, aggregate 334.6 ms",
            "step 1000/6246 epoch 1 (50 local steps) loss 0.3400 | compute 157.3 ms, aggregate 373.1 ms",
            "epoch 1/2  train_loss 0.4873  lr 0.500  seconds 35.63",
            "step 3623/6246 epoch 2 (50 local steps) loss 0.3360 | compute 150.8 ms",
            "epoch 2/2  train_loss 0.3221  lr 0.500  seconds 19.84",
            "validation accuracy 0.9004 loss 0.333701");
    private static final List<Double> SECONDS = List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0);

    @Test
    void theFirstPrintedLossAtOrBelowTheTargetGivesTheTimeAndTheLastOneTheFinalLoss() {
        double[] r = MllibComparison.firstAtOrBelow(LINES, SECONDS, 0.35);
        assertThat(r[0]).isEqualTo(3.0);
        assertThat(r[1]).isEqualTo(0.3221);
    }

    @Test
    void aTargetNeverReachedIsNaN() {
        assertThat(MllibComparison.firstAtOrBelow(LINES, SECONDS, 0.1)[0]).isNaN();
    }
}
