package io.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.data.Dataset;
import io.descent.data.FashionMnist;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.optim.AdamConfig;
import io.descent.optim.Optimizers;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Short runs on real data (Fashion-MNIST, installed by .ci/run from Debian's dataset-fashion-mnist). */
class FashionMnistTrainingTest {
    private static final CrossEntropyLoss CE = new CrossEntropyLoss();
    private static Dataset train;
    private static Dataset test;

    @BeforeAll
    static void load() {
        FashionMnist data = FashionMnist.load();
        train = data.train().flattened();
        test = data.test().flattened();
    }

    @Test
    void twoEpochsOfA784x256x10NetworkWithAdamReach84PercentTestAccuracy() throws Exception {
        Module model = Models.mlp(784, 10).hidden(256).seed(1).build();
        History h = Trainer.builder().batchSize(128).seed(1).build()
                .fit(model, CE, Optimizers.adam(model.parameters(), AdamConfig.defaults()), train, test, 2);
        assertThat(h.last().get("val_accuracy")).isGreaterThanOrEqualTo(0.84);
        assertThat(h.last().get("val_top5")).isGreaterThanOrEqualTo(h.last().get("val_accuracy")).isGreaterThan(0.98);
    }

    @Test
    void logisticRegressionReaches80PercentInOneEpoch() throws Exception {
        Module model = Models.linear(784, 10);
        History h = Trainer.builder().batchSize(128).seed(1).build()
                .fit(model, CE, Optimizers.adam(model.parameters(), AdamConfig.defaults()), train, test, 1);
        assertThat(h.last().get("val_accuracy")).isGreaterThanOrEqualTo(0.80);
    }

    @Test
    void earlyStoppingOnAnOverfittedSmallSetStopsEarlyAndRestoresTheBestEpoch() throws Exception {
        Dataset small = train.subset(IntStream.range(0, 300).toArray());
        Dataset validation = test.subset(IntStream.range(0, 2000).toArray());
        Module model = Models.mlp(784, 10).hidden(512, 512).seed(3).build();
        EarlyStopping stop = new EarlyStopping("val_loss", 3, 0, true);
        int limit = 60;
        History h = Trainer.builder().batchSize(32).seed(2).callbacks(stop).build()
                .fit(model, CE, Optimizers.adam(model.parameters(), AdamConfig.defaults().withLr(2e-3)), small,
                        validation, limit);
        assertThat(stop.stoppedEpoch()).isPositive().isLessThan(limit);
        assertThat(h.size()).isEqualTo(stop.stoppedEpoch());
        double[] val = h.series("val_loss");
        int best = 0;
        for (int i = 1; i < val.length; i++) {
            if (val[i] < val[best]) {
                best = i;
            }
        }
        assertThat(stop.bestEpoch()).isEqualTo(best + 1);
        assertThat(stop.stoppedEpoch()).isEqualTo(stop.bestEpoch() + 3);
        // The weights now in the model are those of the best epoch: they give that epoch's validation loss.
        double restored = Evaluation.of(model, CE, validation, 1000, 5).loss();
        assertThat(restored).isCloseTo(val[best], within(1e-6));
        assertThat(restored).isLessThan(h.last().get("val_loss"));
    }
}
