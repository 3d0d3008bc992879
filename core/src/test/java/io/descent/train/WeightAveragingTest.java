package io.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.descent.data.Dataset;
import io.descent.data.Split;
import io.descent.data.Synthetic;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.BatchNorm;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.optim.Optimizers;
import io.descent.optim.SgdConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weight-averaging callback in the training loop: when it averages, what the model ends with, resuming. */
class WeightAveragingTest {
    private static final CrossEntropyLoss CE = new CrossEntropyLoss();

    private static Module mlp(boolean batchNorm) {
        return Models.mlp(2, 3).hidden(8).batchNorm(batchNorm).seed(4).build();
    }

    private static Split<Dataset> blobs() {
        return Split.trainValidation(Synthetic.blobs(300, 3, 1.0, 5), 0.25, 9);   // 225 training rows
    }

    private static Map<String, double[]> parameters(Module m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        m.namedParameters().forEach((n, p) -> out.put(n, p.value().toDoubleArray()));
        return out;
    }

    /** Records the parameters at each epoch's end and each step (after the averaging callback before it). */
    private static final class Recorder implements Callback {
        final List<Map<String, double[]>> epochs = new ArrayList<>();
        final List<Map<String, double[]>> steps = new ArrayList<>();
        long lastStep;

        @Override
        public Decision onBatchEnd(TrainingContext ctx, int batch, double loss) {
            if (ctx.step() > lastStep) {
                steps.add(parameters(ctx.model()));
                lastStep = ctx.step();
            }
            return Decision.CONTINUE;
        }

        @Override
        public Decision onEpochEnd(TrainingContext ctx, EpochRecord record) {
            epochs.add(parameters(ctx.model()));
            return Decision.CONTINUE;
        }
    }

    /** Batches of 25: nine per epoch, none of a single row (which batch normalization cannot train on). */
    private static Trainer.Builder loop() {
        return Trainer.builder().batchSize(25).seed(3);
    }

    @Test
    void swaAveragesTheWeightsOfTheEpochsAfterItsStartAndTheModelEndsWithThem() {
        Split<Dataset> data = blobs();
        Module model = mlp(false);
        Recorder seen = new Recorder();
        WeightAveraging swa = WeightAveraging.swa(model, 2, 1, data.train(), 32);
        loop().callbacks(swa, seen).build().fit(model, CE, Optimizers.sgd(model.namedParameters(),
                SgdConfig.defaults().withLr(0.1)), data.train(), data.validation(), 5);
        assertThat(swa.average().count()).isEqualTo(3);
        assertThat(swa.statisticsBatches()).as("no batch normalization: no pass over the data").isZero();
        parameters(model).forEach((n, v) -> {
            for (int i = 0; i < v.length; i++) {
                double mean = 0;
                for (int e = 2; e < 5; e++) {
                    mean += seen.epochs.get(e).get(n)[i] / 3;
                }
                assertThat(v[i]).as("%s[%d]", n, i).isCloseTo(mean, within(1e-6));
            }
        });
    }

    @Test
    void everySecondEpochAfterTheStart() {
        Split<Dataset> data = blobs();
        Module model = mlp(false);
        WeightAveraging swa = WeightAveraging.swa(model, 1, 2, null, 0);
        loop().callbacks(swa).build().fit(model, CE, Optimizers.sgd(model.namedParameters(),
                SgdConfig.defaults().withLr(0.1)), data.train(), null, 6);
        assertThat(swa.average().count()).as("after epochs 3 and 5").isEqualTo(2);
    }

    @Test
    void emaFollowsEveryStep() {
        Split<Dataset> data = blobs();
        Module model = mlp(false);
        Recorder seen = new Recorder();
        double decay = 0.9;
        WeightAveraging ema = WeightAveraging.ema(model, decay, 2, 1, null, 0);
        loop().callbacks(ema, seen).build().fit(model, CE, Optimizers.sgd(model.namedParameters(),
                SgdConfig.defaults().withLr(0.1)), data.train(), null, 2);
        assertThat(seen.steps).hasSize(18);
        assertThat(ema.average().count()).as("steps 3 to 18").isEqualTo(16);
        parameters(model).forEach((n, v) -> {
            for (int i = 0; i < v.length; i++) {
                double a = seen.steps.get(2).get(n)[i];
                for (int t = 3; t < 18; t++) {
                    a = decay * a + (1 - decay) * seen.steps.get(t).get(n)[i];
                }
                assertThat(v[i]).as("%s[%d]", n, i).isCloseTo(a, within(1e-6));
            }
        });
    }

    @Test
    void theLastAccumulatedStepOfAnEpochIsAveragedToo() {
        Split<Dataset> data = blobs();
        Module model = mlp(false);
        WeightAveraging ema = WeightAveraging.ema(model, 0.9, 0, 1, null, 0);
        // 9 batches, accumulation 4: steps after batches 4 and 8, and after the loop for batch 9 alone.
        loop().accumulation(4).callbacks(ema).build().fit(model, CE, Optimizers.sgd(model.namedParameters(),
                SgdConfig.defaults().withLr(0.1)), data.train(), null, 2);
        assertThat(ema.average().count()).isEqualTo(6);
    }

    @Test
    void batchNormStatisticsAreRecomputedForTheAverage() {
        Split<Dataset> data = blobs();
        Module model = mlp(true);
        WeightAveraging swa = WeightAveraging.swa(model, 1, 1, data.train(), 32);
        loop().callbacks(swa).build().fit(model, CE, Optimizers.sgd(model.namedParameters(),
                SgdConfig.defaults().withLr(0.1).withMomentum(0.9)), data.train(), null, 4);
        assertThat(swa.statisticsBatches()).isEqualTo(7);   // 225 rows by 32: the last row alone is left out
        BatchNorm bn = BatchNormStatistics.layers(model).get(0);
        assertThat(bn.batchesTracked()).isEqualTo(7);
        double[] mean = bn.runningMean().toDoubleArray();
        // The same pass by hand on a copy of the averaged model gives the same statistics.
        Module copy = mlp(true);
        try (var scope = io.descent.autograd.GradMode.disabled()) {
            model.stateDict().forEach((n, t) -> copy.stateDict().get(n).copyFrom(t));
        }
        BatchNormStatistics.recompute(copy, data.train(), 32);
        assertThat(BatchNormStatistics.layers(copy).get(0).runningMean().toDoubleArray()).containsExactly(mean);
    }

    @Test
    void aResumedRunAveragesAsAStraightOne(@TempDir Path dir) {
        Split<Dataset> data = blobs();
        Module straight = mlp(false);
        loop().callbacks(WeightAveraging.swa(straight, 1, 1, null, 0)).build().fit(straight, CE,
                Optimizers.sgd(straight.namedParameters(), SgdConfig.defaults().withLr(0.1).withMomentum(0.9)),
                data.train(), null, 5);

        Module first = mlp(false);
        loop().callbacks(WeightAveraging.swa(first, 1, 1, null, 0), Checkpointer.every(dir, 1)).build().fit(first, CE,
                Optimizers.sgd(first.namedParameters(), SgdConfig.defaults().withLr(0.1).withMomentum(0.9)),
                data.train(), null, 3);
        Module resumed = Models.mlp(2, 3).hidden(8).seed(77).build();
        loop().callbacks(WeightAveraging.swa(resumed, 1, 1, null, 0), Checkpointer.every(dir, 1))
                .resumeFrom(dir.resolve(Checkpointer.LAST)).build().fit(resumed, CE,
                        Optimizers.sgd(resumed.namedParameters(), SgdConfig.defaults().withLr(0.1).withMomentum(0.9)),
                        data.train(), null, 5);
        Map<String, double[]> b = parameters(resumed);
        parameters(straight).forEach((n, v) -> assertThat(b.get(n)).as(n).containsExactly(v));
    }

    @Test
    void badSettingsAreRefused() {
        Module model = mlp(false);
        assertThatThrownBy(() -> WeightAveraging.ema(model, 1.0, 0, 1, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decay");
        assertThatThrownBy(() -> WeightAveraging.swa(model, 0, 0, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every");
        assertThatThrownBy(() -> WeightAveraging.swa(model, -1, 1, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start");
    }
}
