package io.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.descent.InvalidInputException;
import io.descent.data.Dataset;
import io.descent.data.Split;
import io.descent.data.Synthetic;
import io.descent.loss.CrossEntropyLoss;
import io.descent.loss.SquareLoss;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.optim.AdamConfig;
import io.descent.optim.Optimizer;
import io.descent.optim.Optimizers;
import io.descent.optim.SgdConfig;
import io.descent.schedule.ReduceOnPlateau;
import io.descent.schedule.Schedules;
import io.descent.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    private static final CrossEntropyLoss CE = new CrossEntropyLoss();

    private static Module mlp(long seed, double dropout) {
        return Models.mlp(2, 3).hidden(16, 16).dropout(dropout).seed(seed).build();
    }

    private static Split<Dataset> blobs() {
        return Split.trainValidation(Synthetic.blobs(600, 3, 1.0, 5), 0.25, 9);
    }

    /** Every parameter and buffer, by name, as exact values. */
    private static Map<String, double[]> weights(Module m) {
        Map<String, double[]> out = new java.util.LinkedHashMap<>();
        m.stateDict().forEach((n, t) -> out.put(n, t.toDoubleArray()));
        return out;
    }

    @Test
    void fitLearnsAndRecordsTheHistory() throws Exception {
        Split<Dataset> data = blobs();
        Module model = mlp(1, 0);
        History h = Trainer.builder().batchSize(32).seed(3).build()
                .fit(model, CE, Optimizers.adam(model.parameters(), AdamConfig.defaults().withLr(1e-2)),
                        data.train(), data.validation(), 8);
        assertThat(h.size()).isEqualTo(8);
        assertThat(h.metricNames()).containsExactly("train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "seconds");
        double[] losses = h.series("train_loss");
        assertThat(losses[7]).isLessThan(losses[0] * 0.7);
        assertThat(h.last().get("val_accuracy")).isGreaterThan(0.8);
        Evaluation e = Evaluation.of(model, CE, data.validation(), 100, 2);
        assertThat(e.loss()).isCloseTo(h.last().get("val_loss"), within(1e-6));
        long total = 0;
        for (long[] row : e.confusion()) {
            for (long v : row) {
                total += v;
            }
        }
        assertThat(total).isEqualTo(data.validation().size());
        assertThat(e.topKAccuracy()).isGreaterThanOrEqualTo(e.accuracy());
    }

    @Test
    void sameSeedSameResultsRunAfterRun() throws Exception {
        Split<Dataset> data = blobs();
        double[][] finals = new double[2][];
        for (int run = 0; run < 2; run++) {
            Module model = mlp(4, 0.2);
            Trainer.builder().batchSize(16).seed(11).build().fit(model, CE,
                    Optimizers.sgd(model.parameters(), SgdConfig.defaults().withLr(0.05).withMomentum(0.9)),
                    data.train(), data.validation(), 3);
            finals[run] = model.parameters().get(0).value().toDoubleArray();
        }
        assertThat(finals[0]).containsExactly(finals[1]);
    }

    @Test
    void fourEpochsStraightEqualTwoThenCheckpointThenTwoInAFreshRun(@TempDir Path dir) throws Exception {
        Split<Dataset> data = blobs();
        // Dropout, a plateau schedule and early stopping all carry state that the resume must restore.
        Module straight = mlp(7, 0.3);
        Trainer.builder().batchSize(16).seed(2)
                .plateau(new ReduceOnPlateau(ReduceOnPlateau.Config.defaults().withPatience(0)), "val_loss")
                .callbacks(new EarlyStopping("val_loss", 10, 0, true)).build()
                .fit(straight, CE, Optimizers.adam(straight.parameters(), AdamConfig.defaults()), data.train(),
                        data.validation(), 4);

        Module first = mlp(7, 0.3);
        Trainer.builder().batchSize(16).seed(2)
                .plateau(new ReduceOnPlateau(ReduceOnPlateau.Config.defaults().withPatience(0)), "val_loss")
                .callbacks(new EarlyStopping("val_loss", 10, 0, true), Checkpointer.every(dir, 1)).build()
                .fit(first, CE, Optimizers.adam(first.parameters(), AdamConfig.defaults()), data.train(),
                        data.validation(), 2);
        Path checkpoint = dir.resolve(Checkpointer.LAST);
        assertThat(checkpoint).exists();

        Module resumed = mlp(99, 0.3); // different initial weights: everything must come from the file
        History h = Trainer.builder().batchSize(16).seed(2)
                .plateau(new ReduceOnPlateau(ReduceOnPlateau.Config.defaults().withPatience(0)), "val_loss")
                .callbacks(new EarlyStopping("val_loss", 10, 0, true), Checkpointer.every(dir, 1))
                .resumeFrom(checkpoint).build()
                .fit(resumed, CE, Optimizers.adam(resumed.parameters(), AdamConfig.defaults()), data.train(),
                        data.validation(), 4);
        assertThat(h.size()).isEqualTo(4);
        Map<String, double[]> a = weights(straight);
        Map<String, double[]> b = weights(resumed);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        a.forEach((n, v) -> assertThat(b.get(n)).as(n).containsExactly(v));
    }

    @Test
    void aCheckpointOfNamedParametersResumesBitForBitAndOnlyIntoTheSameNames(@TempDir Path dir) throws Exception {
        Split<Dataset> data = blobs();
        Module straight = mlp(7, 0);
        Trainer.builder().batchSize(16).seed(2).build()
                .fit(straight, CE, Optimizers.adam(straight.namedParameters(), AdamConfig.defaults()), data.train(),
                        null, 2);

        Module first = mlp(7, 0);
        Trainer.builder().batchSize(16).seed(2).callbacks(Checkpointer.every(dir, 1)).build()
                .fit(first, CE, Optimizers.adam(first.namedParameters(), AdamConfig.defaults()), data.train(), null, 1);
        Path checkpoint = dir.resolve(Checkpointer.LAST);

        Module resumed = mlp(99, 0);
        Trainer.builder().batchSize(16).seed(2).resumeFrom(checkpoint).build()
                .fit(resumed, CE, Optimizers.adam(resumed.namedParameters(), AdamConfig.defaults()), data.train(),
                        null, 2);
        Map<String, double[]> a = weights(straight);
        Map<String, double[]> b = weights(resumed);
        a.forEach((n, v) -> assertThat(b.get(n)).as(n).containsExactly(v));

        // An optimizer over all but one parameter (a frozen bias) must not take over the others' moments.
        Module frozen = mlp(99, 0);
        Map<String, Parameter> trained = frozen.namedParameters();
        String bias = trained.keySet().stream().filter(n -> n.endsWith("bias")).findFirst().orElseThrow();
        trained.remove(bias);
        assertThatThrownBy(() -> Trainer.builder().batchSize(16).seed(2).resumeFrom(checkpoint).build()
                .fit(frozen, CE, Optimizers.adam(trained, AdamConfig.defaults()), data.train(), null, 2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds parameters ['" + bias + "'] that this optimizer does not have");
    }

    @Test
    void gradientAccumulationEqualsOneStepOnTheConcatenatedBatch() throws Exception {
        Dataset data = Synthetic.blobs(64, 3, 1.0, 1);
        Module small = mlp(5, 0);
        Module big = mlp(5, 0);
        Trainer.builder().batchSize(8).accumulation(8).shuffle(false).build()
                .fit(small, CE, Optimizers.sgd(small.parameters(), SgdConfig.defaults().withLr(0.5)), data, null, 1);
        Trainer.builder().batchSize(64).shuffle(false).build()
                .fit(big, CE, Optimizers.sgd(big.parameters(), SgdConfig.defaults().withLr(0.5)), data, null, 1);
        Map<String, double[]> a = weights(small);
        Map<String, double[]> b = weights(big);
        double before = 0;
        Map<String, double[]> init = weights(mlp(5, 0));
        for (String n : a.keySet()) {
            for (int i = 0; i < a.get(n).length; i++) {
                assertThat(a.get(n)[i]).as(n).isCloseTo(b.get(n)[i], within(1e-6));
                before = Math.max(before, Math.abs(a.get(n)[i] - init.get(n)[i]));
            }
        }
        assertThat(before).as("the step moved the weights").isGreaterThan(1e-3);
    }

    @Test
    void aDivergingRunStopsAtTheFirstNonFiniteValueAndNamesTheLastCheckpoint(@TempDir Path dir) throws Exception {
        Dataset blobs = Synthetic.blobs(200, 2, 1.0, 3);
        Dataset data = Dataset.regression(blobs.features(), blobs.features().sum(1, true));
        Module model = Models.linear(2, 1);
        SquareLoss mse = new SquareLoss();
        // Epoch 1 at a sane rate writes a good checkpoint; from epoch 2 the schedule makes the rate 1e6.
        Trainer trainer = Trainer.builder().batchSize(16).callbacks(Checkpointer.every(dir, 1))
                .schedule(t -> t == 0 ? 1 : 1e8, Trainer.ScheduleUnit.EPOCH).build();
        Optimizer sgd = Optimizers.sgd(model.parameters(), SgdConfig.defaults().withLr(0.01));
        assertThatThrownBy(() -> trainer.fit(model, mse, sgd, data, null, 5))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("training diverged at epoch 2, step")
                .hasMessageMatching("(?s).*(the loss is (NaN|Infinity)|parameter '[0-9.a-z]+' holds NaN or Infinity).*")
                .hasMessageContaining("the last good checkpoint is " + dir.resolve(Checkpointer.LAST))
                .satisfies(e -> assertThat(((TrainingDivergedException) e).history().size()).isEqualTo(1));
        // The checkpoint of epoch 1 is intact and loads.
        Module fresh = Models.linear(2, 1);
        io.descent.io.CheckpointFile.read(dir.resolve(Checkpointer.LAST)).restoreModel(fresh);
        for (double v : fresh.parameters().get(0).value().toDoubleArray()) {
            assertThat(v).isFinite();
        }
    }

    @Test
    void schedulesDriveTheLearningRatePerEpochOrPerStep() throws Exception {
        Dataset data = Synthetic.blobs(64, 3, 1.0, 1);
        Module model = mlp(2, 0);
        History perEpoch = Trainer.builder().batchSize(16).schedule(Schedules.exponential(0.5), Trainer.ScheduleUnit.EPOCH)
                .build().fit(model, CE, Optimizers.sgd(model.parameters(), SgdConfig.defaults().withLr(0.1)), data, null, 3);
        assertThat(perEpoch.series("lr")).containsExactly(0.1, 0.05, 0.025);
        Module m2 = mlp(2, 0);
        History perStep = Trainer.builder().batchSize(16).schedule(Schedules.exponential(0.5), Trainer.ScheduleUnit.STEP)
                .build().fit(m2, CE, Optimizers.sgd(m2.parameters(), SgdConfig.defaults().withLr(0.1)), data, null, 2);
        // 4 steps per epoch: the last step of epoch 1 is step 3, of epoch 2 step 7.
        assertThat(perStep.series("lr")[0]).isCloseTo(0.1 * Math.pow(0.5, 3), within(1e-15));
        assertThat(perStep.series("lr")[1]).isCloseTo(0.1 * Math.pow(0.5, 7), within(1e-15));
    }

    @Test
    void historyWritesCsvAndJsonAndReadsJsonBack(@TempDir Path dir) throws Exception {
        History h = new History();
        h.add(new EpochRecord(1, Map.of("train_loss", 0.1234567890123)));
        h.add(new EpochRecord(2, Map.of("train_loss", Double.NaN)));
        h.writeCsv(dir.resolve("h.csv"));
        h.writeJson(dir.resolve("h.json"));
        assertThat(Files.readString(dir.resolve("h.csv"))).isEqualTo("epoch,train_loss\n1,0.1234567890123\n2,NaN\n");
        History back = History.fromJson("h.json", Files.readString(dir.resolve("h.json")));
        assertThat(back.series("train_loss")[0]).isEqualTo(0.1234567890123);
        assertThat(back.series("train_loss")[1]).isNaN();
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("h.csv", "h.json");
    }

    @Test
    void metricsByHand() {
        Tensor scores = Tensor.of(new double[] {0.1, 0.7, 0.2, 0.5, 0.3, 0.2, 0.3, 0.3, 0.4}, 3, 3);
        int[] labels = {1, 1, 0};
        assertThat(Metrics.correct(scores, labels)).isEqualTo(1);
        assertThat(Metrics.topKCorrect(scores, labels, 2)).isEqualTo(3);
        long[][] confusion = new long[3][3];
        Metrics.addToConfusion(confusion, scores, labels);
        assertThat(confusion[1][1]).isEqualTo(1);
        assertThat(confusion[1][0]).isEqualTo(1);
        assertThat(confusion[0][2]).isEqualTo(1);
    }
}
