package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.descent.data.Dataset;
import io.descent.data.Split;
import io.descent.data.Synthetic;
import io.descent.loss.CrossEntropyLoss;
import io.descent.loss.LossSpec;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.optim.Optimizers;
import io.descent.optim.SgdConfig;
import io.descent.tensor.Tensor;
import io.descent.train.EarlyStopping;
import io.descent.train.Evaluation;
import io.descent.train.History;
import io.descent.train.Trainer;
import io.descent.train.TrainingDivergedException;
import io.descent.train.Validation;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** What Spark gets from the one loop: BatchNorm, Dropout, early stopping, accumulation, the NaN guard. */
class SparkLoopParityTest {
    private static final CrossEntropyLoss CE = new CrossEntropyLoss();
    private static final Split<Dataset> DATA = Split.trainValidation(Synthetic.blobs(600, 3, 1.0, 5), 0.25, 9);
    private static final OptimizerFactory SGD = p -> Optimizers.sgd(p, SgdConfig.defaults().withLr(0.05).withMomentum(0.9));

    private static Module mlp(boolean batchNorm, double dropout, long seed) {
        return Models.mlp(2, 3).hidden(16).batchNorm(batchNorm).dropout(dropout).seed(seed).build();
    }

    private static SparkConfig config() {
        return SparkConfig.defaults().withBatchSize(32).withEpochs(3).withSeed(4);
    }

    /**
     * On one partition the per-replica statistics are the whole batch's: weights and running statistics equal
     * single-machine BatchNorm training (the same batches, accumulation of two included) to float rounding.
     */
    @Test
    void batchNormOnOnePartitionEqualsSingleMachineTrainingWithAccumulation() {
        SparkSession spark = TestSpark.local();
        SparkData data = SparkData.of(spark, DATA.train(), 1);
        Module distributed = mlp(true, 0, 2);
        SparkSteps steps = SparkSteps.of(spark, distributed, LossSpec.crossEntropy(), SGD, data, config());
        Trainer.builder().seed(4).accumulation(2).build().fit(distributed, steps.optimizer(), steps, null, 3);
        data.unpersist();

        Module local = mlp(true, 0, 2);
        Trainer.builder().batchSize(32).seed(4).accumulation(2).build()
                .fit(local, CE, SGD.create(local.parameters()), DATA.train(), null, 3);

        Map<String, Tensor> a = local.stateDict();
        Map<String, Tensor> b = distributed.stateDict();
        assertThat(b.keySet()).isEqualTo(a.keySet()).contains("1.running_mean", "1.running_var");
        a.forEach((name, t) -> {
            double[] x = t.toDoubleArray();
            double[] y = b.get(name).toDoubleArray();
            for (int i = 0; i < x.length; i++) {
                assertThat(y[i]).as("%s[%d]", name, i).isCloseTo(x[i], within(1e-5 * Math.max(1, Math.abs(x[i]))));
            }
        });
    }

    /**
     * BatchNorm and Dropout on two partitions: the run is reproducible (Dropout's masks come from the seed, the step
     * and the partition), another seed draws other masks, the averaged running statistics moved, and the model
     * learns; early stopping on the validation loss stops it.
     */
    @Test
    void batchNormAndDropoutTrainOnTwoPartitionsReproduciblyWithEarlyStopping() {
        SparkSession spark = TestSpark.local();
        SparkData data = SparkData.of(spark, DATA.train(), 2);
        Module[] runs = new Module[3];
        History h = null;
        for (int r = 0; r < 3; r++) {
            runs[r] = mlp(true, 0.2, 2);
            // dropLast: the short last batch would leave one row on a replica, and BatchNorm needs two.
            SparkSteps steps = SparkSteps.of(spark, runs[r], LossSpec.crossEntropy(), SGD, data,
                    config().withSeed(r == 2 ? 5 : 4).withDropLast(true));
            h = Trainer.builder().callbacks(new EarlyStopping("val_loss", 2, 0.5, true)).build()
                    .fit(runs[r], steps.optimizer(), steps, Validation.of(DATA.validation(), CE), 20);
        }
        data.unpersist();
        assertThat(runs[1].stateDict().get("0.weight").toDoubleArray())
                .containsExactly(runs[0].stateDict().get("0.weight").toDoubleArray());
        assertThat(runs[2].stateDict().get("0.weight").toDoubleArray())
                .isNotEqualTo(runs[0].stateDict().get("0.weight").toDoubleArray());
        assertThat(runs[0].stateDict().get("1.running_mean").toDoubleArray()).isNotEqualTo(new double[16]);
        assertThat(h.size()).as("early stopping ends the 20 epochs early").isLessThan(20);
        runs[0].eval();
        assertThat(Evaluation.of(runs[0], CE, DATA.validation(), 1000, 1).accuracy()).isGreaterThan(0.8);
    }

    @Test
    void aDivergingSparkRunEndsWithTrainingDiverged() {
        SparkSession spark = TestSpark.local();
        SparkData data = SparkData.of(spark, DATA.train(), 2);
        OptimizerFactory huge = p -> Optimizers.sgd(p, SgdConfig.defaults().withLr(1e30));
        assertThatThrownBy(() -> SparkTraining.fit(spark, mlp(false, 0, 1), LossSpec.crossEntropy(), huge, data,
                config()))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageStartingWith("training diverged at epoch 1, step ");
        data.unpersist();
    }
}
