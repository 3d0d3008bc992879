package io.descent.spark;

import io.descent.train.History;
import io.descent.train.Checkpointer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import io.descent.loss.LossSpec;
import io.descent.nn.Models;
import io.descent.nn.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The driver checkpoints every N steps; a run that dies after its last checkpoint and is resumed from it
 * ends with exactly the weights of a run that never stopped.
 */
class CheckpointResumeTest {
    static final int STEPS = 24;

    static SparkConfig config(int localSteps) {
        SparkConfig c = SparkConfig.defaults().withBatchSize(SyncEqualityTest.BATCH).withSteps(STEPS)
                .withSeed(SyncEqualityTest.SEED).withAggregation(Aggregation.ORDERED, 2);
        return localSteps > 0 ? c.withLocalSgd(localSteps) : c;
    }

    @ParameterizedTest(name = "local SGD steps {0} (0: synchronous)")
    @ValueSource(ints = {0, 2})
    void resumingFromTheLastCheckpointGivesTheUninterruptedResult(int localSteps, @TempDir Path dir)
            throws IOException {
        SparkSession spark = TestSpark.local();
        SparkData data = SparkData.of(spark, SyncEqualityTest.DATA, 3);
        Module straight = SyncEqualityTest.model();
        History uninterrupted = SparkTraining.fit(spark, straight, LossSpec.crossEntropy(),
                SyncEqualityTest.optimizer("sgd"), data, config(localSteps));

        // A run that checkpoints every 10 steps and at epoch ends, and dies at step 16 (its progress sink throws).
        Path ckpt = dir.resolve("run").resolve(Checkpointer.LAST);
        Module crashed = SyncEqualityTest.model();
        SparkConfig dying = config(localSteps).withCheckpoint(ckpt.getParent(), 10).withProgress(line -> {
            if (line.startsWith("step ") && Long.parseLong(line.substring(5, line.indexOf('/'))) >= 16) {
                throw new IllegalStateException("the driver died");
            }
        }, 1);
        assertThatThrownBy(() -> SparkTraining.fit(spark, crashed, LossSpec.crossEntropy(),
                SyncEqualityTest.optimizer("sgd"), data, dying)).hasMessage("the driver died");
        assertThat(ckpt).exists();

        // Resumed into a model with other initial weights: the checkpoint's weights and state take over.
        Module resumed = Models.mlp(2, 3).hidden(16, 16).seed(99).build();
        History h = SparkTraining.fit(spark, resumed, LossSpec.crossEntropy(), SyncEqualityTest.optimizer("sgd"), data,
                config(localSteps).withResumeFrom(ckpt));
        data.unpersist();

        // The checkpoint carries the history: the resumed run's records are the uninterrupted run's, step for step.
        assertThat(h.steps().stream().map(r -> r.step()).toList())
                .isEqualTo(uninterrupted.steps().stream().map(r -> r.step()).toList());
        assertThat(h.series("train_loss")).containsExactly(uninterrupted.series("train_loss"));
        assertThat(ParameterVectors.values(resumed.parameters()))
                .isEqualTo(ParameterVectors.values(straight.parameters()));
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused(@TempDir Path dir) throws IOException {
        SparkSession spark = TestSpark.local();
        SparkData data = SparkData.of(spark, SyncEqualityTest.DATA, 2);
        Path ckpt = dir.resolve("run").resolve(Checkpointer.LAST);
        SparkTraining.fit(spark, SyncEqualityTest.model(), LossSpec.crossEntropy(), SyncEqualityTest.optimizer("sgd"),
                data, config(0).withSteps(2).withCheckpoint(ckpt.getParent(), 0));
        Module model = SyncEqualityTest.model();
        float[] before = ParameterVectors.values(model.parameters()).floats().clone();
        assertThatThrownBy(() -> SparkTraining.fit(spark, model, LossSpec.crossEntropy(),
                SyncEqualityTest.optimizer("sgd"), data, config(0).withBatchSize(32).withResumeFrom(ckpt)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("batch_size was 64, now 32");
        assertThat(ParameterVectors.values(model.parameters()).floats()).containsExactly(before);

        Files.writeString(dir.resolve("not.ckpt"), "hello");
        assertThatThrownBy(() -> SparkTraining.fit(spark, model, LossSpec.crossEntropy(),
                SyncEqualityTest.optimizer("sgd"), data, config(0).withResumeFrom(dir.resolve("not.ckpt"))))
                .isInstanceOf(InvalidInputException.class);
        data.unpersist();
    }
}
