package io.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import io.descent.data.Dataset;
import io.descent.data.Split;
import io.descent.data.Synthetic;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.optim.AdamConfig;
import io.descent.optim.LbfgsConfig;
import io.descent.optim.Optimizer;
import io.descent.optim.Optimizers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The one loop's contract over its step sources: resumes in the middle of epochs, full batch, step records. */
class TrainingLoopTest {
    private static final CrossEntropyLoss CE = new CrossEntropyLoss();

    private static Module mlp(long seed) {
        return Models.mlp(2, 3).hidden(16).dropout(0.2).seed(seed).build();
    }

    private static Split<Dataset> blobs() {
        return Split.trainValidation(Synthetic.blobs(600, 3, 1.0, 5), 0.25, 9); // 450 rows: 29 batches of 16
    }

    private static Map<String, double[]> weights(Module m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        m.stateDict().forEach((n, t) -> out.put(n, t.toDoubleArray()));
        return out;
    }

    private static Trainer.Builder settings() {
        return settings(2);
    }

    private static Trainer.Builder settings(int accumulation) {
        return Trainer.builder().batchSize(16).seed(2).accumulation(accumulation);
    }

    /** Stands for a killed process: fails right after step {@code at}. */
    private static Callback killAfterStep(long at) {
        return new Callback() {
            @Override
            public Decision onBatchEnd(TrainingContext ctx, int batch, double loss) {
                if (ctx.step() == at && ctx.betweenSteps()) {
                    throw new IllegalStateException("killed after step " + at);
                }
                return Decision.CONTINUE;
            }
        };
    }

    /**
     * A run killed after a checkpoint in the middle of an epoch (every 4 steps, batches accumulated in pairs) or right
     * after an epoch's last batch, before its end (every 29 steps: an epoch has 29 batches; no epoch-end checkpoints)
     * resumes to the same weights and history as one that never stopped, Dropout included.
     */
    @ParameterizedTest
    @CsvSource({"4, 2, 1", "29, 1, 100"})
    void aRunKilledAfterAStepCheckpointResumesExactly(long every, int accumulation, int everyEpochs,
            @TempDir Path dir) {
        Split<Dataset> data = blobs();
        Module straight = mlp(7);
        History expected = settings(accumulation).build()
                .fit(straight, CE, adam(straight), data.train(), data.validation(), 3);

        Module first = mlp(7);
        Checkpointer checkpoints = new Checkpointer(dir, everyEpochs, false, null).alsoEverySteps(every);
        long killAt = 2 * every + 1;
        assertThatThrownBy(() -> settings(accumulation).callbacks(checkpoints, killAfterStep(killAt)).build()
                .fit(first, CE, adam(first), data.train(), data.validation(), 3))
                .hasMessage("killed after step " + killAt);

        Module resumed = mlp(99);
        List<Long> resumedAt = new ArrayList<>();
        Callback watch = new Callback() {
            @Override
            public void onTrainBegin(TrainingContext ctx) {
                assertThat(ctx.resumed()).isTrue();
                resumedAt.add(ctx.step());
            }
        };
        History h = settings(accumulation).callbacks(new Checkpointer(dir, everyEpochs, false, null).alsoEverySteps(every),
                        watch)
                .resumeFrom(dir.resolve(Checkpointer.LAST)).build()
                .fit(resumed, CE, adam(resumed), data.train(), data.validation(), 3);
        assertThat(resumedAt).containsExactly(2 * every);
        Map<String, double[]> a = weights(straight);
        Map<String, double[]> b = weights(resumed);
        a.forEach((n, v) -> assertThat(b.get(n)).as(n).containsExactly(v));
        for (String metric : List.of("train_loss", "train_accuracy", "val_loss", "lr")) {
            assertThat(h.series(metric)).as(metric).containsExactly(expected.series(metric));
        }
    }

    @Test
    void lbfgsFullBatchResumesFromItsCheckpointExactly(@TempDir Path dir) {
        Split<Dataset> data = blobs();
        Module straight = mlp(3);
        History expected = Trainer.builder().build().fit(straight, lbfgs(straight, data), null, 4);

        Module first = mlp(3);
        Trainer.builder().callbacks(Checkpointer.every(dir, 1)).build().fit(first, lbfgs(first, data), null, 2);
        Module resumed = mlp(5);
        History h = Trainer.builder().callbacks(Checkpointer.every(dir, 1)).resumeFrom(dir.resolve(Checkpointer.LAST))
                .build().fit(resumed, lbfgs(resumed, data), null, 4);
        assertThat(h.series("train_loss")).containsExactly(expected.series("train_loss"));
        Map<String, double[]> a = weights(straight);
        Map<String, double[]> b = weights(resumed);
        a.forEach((n, v) -> assertThat(b.get(n)).as(n).containsExactly(v));
        assertThat(expected.series("train_loss")[3]).isLessThan(expected.series("train_loss")[0]);
    }

    /** Issue 19, item 6: the run's fingerprint travels in the checkpoint; a resume with another one is refused. */
    @Test
    void aCheckpointOfARunWithOtherSettingsIsRefusedListingEachChange(@TempDir Path dir) {
        Split<Dataset> data = blobs();
        Module first = mlp(1);
        settings().fingerprint("lr", "0.1").fingerprint("data", "blobs").callbacks(Checkpointer.every(dir, 1)).build()
                .fit(first, CE, adam(first), data.train(), null, 1);
        Module other = mlp(1);
        assertThatThrownBy(() -> settings().fingerprint("lr", "0.01").fingerprint("activation", "tanh")
                .resumeFrom(dir.resolve(Checkpointer.LAST)).build().fit(other, CE, adam(other), data.train(), null, 2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(dir.resolve(Checkpointer.LAST) + ", entries 'run.*': the checkpoint was written by a run with "
                        + "other settings: lr was 0.1, now 0.01; activation was not set, now tanh; data was blobs, now "
                        + "not set");
        Module same = mlp(1);
        History h = settings().fingerprint("lr", "0.1").fingerprint("data", "blobs")
                .resumeFrom(dir.resolve(Checkpointer.LAST)).build().fit(same, CE, adam(same), data.train(), null, 2);
        assertThat(h.epochs()).hasSize(2);
    }

    @Test
    void aCheckpointOfAnotherWayOfSteppingIsRefusedNamingTheDifference(@TempDir Path dir) {
        Split<Dataset> data = blobs();
        Module first = mlp(1);
        settings().callbacks(Checkpointer.every(dir, 1)).build().fit(first, CE, adam(first), data.train(), null, 1);
        Module other = mlp(1);
        assertThatThrownBy(() -> Trainer.builder().batchSize(32).seed(2).accumulation(2)
                .resumeFrom(dir.resolve(Checkpointer.LAST)).build()
                .fit(other, CE, adam(other), data.train(), null, 2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("batch_size was 16, now 32");
        Module full = mlp(1);
        assertThatThrownBy(() -> Trainer.builder().resumeFrom(dir.resolve(Checkpointer.LAST)).build()
                .fit(full, lbfgs(full, data), null, 2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("source was minibatch, now full-batch");
    }

    @Test
    void aSourceThatStepsItselfRefusesAccumulation() {
        Split<Dataset> data = blobs();
        Module model = mlp(1);
        assertThatThrownBy(() -> Trainer.builder().accumulation(2).build().fit(model, lbfgs(model, data), null, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accumulation");
    }

    /** A source that reports per-step measurements gets step records, kept through JSON; a NaN loss is divergence. */
    @Test
    void stepMetricsBecomeStepRecordsAndANanLossIsDivergence() {
        Module model = mlp(1);
        double[] losses = {0.5, 0.25, 0.125, Double.NaN};
        StepSource source = new StepSource() {
            private int served;
            private int inEpoch;

            @Override
            public int batchesPerEpoch() {
                return 2;
            }

            @Override
            public void beginEpoch(int epoch) {
                inEpoch = 0;
            }

            @Override
            public boolean hasNext() {
                return inEpoch < 2;
            }

            @Override
            public BatchResult next(double gradientScale, StepClock clock) {
                inEpoch++;
                double loss = losses[served++];
                return new BatchResult(loss, 10, -1, 3, Map.of("compute_ms", 1.5 * served));
            }

            @Override
            public boolean updatesWeights() {
                return true;
            }
        };
        Optimizer adam = adam(model);
        assertThatThrownBy(() -> Trainer.builder().build().fit(model, adam, source, null, 2))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageStartingWith("training diverged at epoch 2, step 10 (batch 2 of 2): the loss is NaN")
                .satisfies(e -> {
                    History h = ((TrainingDivergedException) e).history();
                    assertThat(h.series("train_loss")).containsExactly(0.375);
                    assertThat(h.steps()).hasSize(3);
                    assertThat(h.steps().get(2).step()).isEqualTo(9);
                    assertThat(h.steps().get(2).epoch()).isEqualTo(2);
                    assertThat(h.steps().get(2).get("compute_ms")).isEqualTo(4.5);
                    History back = History.fromJson("test", h.toJson());
                    assertThat(back.steps()).isEqualTo(h.steps());
                    assertThat(back.epochs()).isEqualTo(h.epochs());
                    assertThat(h.stepsCsv()).startsWith("step,epoch,loss,compute_ms\n3,1,0.5,1.5\n");
                });
    }

    private static Optimizer adam(Module m) {
        return Optimizers.adam(m.parameters(), AdamConfig.defaults().withLr(1e-2));
    }

    private static FullBatchSource lbfgs(Module m, Split<Dataset> data) {
        return FullBatchSource.closure(m, CE, Optimizers.lbfgs(m.parameters(), LbfgsConfig.defaults()), data.train());
    }
}
