package io.descent.spark;

import io.descent.train.History;
import io.descent.train.EpochRecord;
import io.descent.train.Validation;
import static org.assertj.core.api.Assertions.assertThat;

import io.descent.data.Dataset;
import io.descent.data.FashionMnist;
import io.descent.loss.CrossEntropyLoss;
import io.descent.loss.LossSpec;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.optim.AdamConfig;
import io.descent.optim.Optimizer;
import io.descent.optim.Optimizers;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Local SGD: k local steps per partition, then the weights and optimizer states are averaged. */
class LocalSgdTest {

    @Test
    void onOnePartitionItIsPlainMinibatchTraining() throws IOException {
        SparkSession spark = TestSpark.local();
        SparkData data = SparkData.of(spark, SyncEqualityTest.DATA, 1);
        Module distributed = SyncEqualityTest.model();
        SparkTraining.fit(spark, distributed, LossSpec.crossEntropy(), SyncEqualityTest.optimizer("adam"), data,
                SparkConfig.defaults().withBatchSize(64).withSteps(20).withSeed(4).withLocalSgd(6));
        Shard all = data.shards().collect().get(0);
        data.unpersist();

        Module reference = SyncEqualityTest.model();
        Optimizer opt = SyncEqualityTest.optimizer("adam").create(reference.parameters());
        LocalBatches batches = new LocalBatches(all, 64, all.rows(), false, 4);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        for (int t = 0; t < 20; t++) {
            Tensor[] b = ShardWork.gather(all, batches.rows(t), data.shape(), reference.parameters().get(0).value().dtype());
            opt.zeroGrad();
            loss.apply(reference.forward(b[0]), b[1]).backward();
            opt.step();
        }
        float[] expected = ParameterVectors.values(reference.parameters()).floats();
        float[] actual = ParameterVectors.values(distributed.parameters()).floats();
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("weight %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    /**
     * Softmax regression on 12000 Fashion-MNIST images for 2 epochs on 2 partitions: local SGD with 8 local
     * steps ends within 1 percentage point of synchronous training's test accuracy, with 8 times fewer
     * Spark jobs and under half the bytes (weights plus Adam's two moments every 8 steps, against weights
     * and gradients every step).
     */
    @Test
    void reachesTheSynchronousAccuracyOnFashionMnistWithFewerBytes() throws IOException {
        FashionMnist fm = FashionMnist.load();
        Dataset train = fm.train().flattened().subset(Measurements.range(12000));
        Dataset test = fm.test().flattened();
        SparkSession spark = TestSpark.local();
        SparkData data = SparkData.of(spark, train, 2);
        OptimizerFactory adam = p -> Optimizers.adam(p, AdamConfig.defaults().withLr(0.005));
        SparkConfig base = SparkConfig.defaults().withBatchSize(200).withEpochs(2).withSeed(1)
                .withValidation(Validation.of(test, new CrossEntropyLoss()));

        History sync = SparkTraining.fit(spark, Models.linear(784, 10), LossSpec.crossEntropy(), adam, data, base);
        History local = SparkTraining.fit(spark, Models.linear(784, 10), LossSpec.crossEntropy(), adam, data,
                base.withLocalSgd(8));
        data.unpersist();

        List<EpochRecord> s = sync.epochs();
        List<EpochRecord> l = local.epochs();
        assertThat(s).hasSize(2);
        assertThat(l).hasSize(2);
        double syncAccuracy = s.get(1).get("val_accuracy");
        double localAccuracy = l.get(1).get("val_accuracy");
        assertThat(syncAccuracy).as("synchronous accuracy").isGreaterThan(0.78);
        assertThat(localAccuracy).as("local SGD accuracy against synchronous %.4f", syncAccuracy)
                .isGreaterThan(syncAccuracy - 0.01);
        // Rounds of 8 steps end at epoch boundaries: at most one short round per epoch.
        assertThat(local.steps()).hasSizeBetween(sync.steps().size() / 8, sync.steps().size() / 8 + 2);
        double syncBytes = Measurements.bytesShipped(sync);
        double localBytes = Measurements.bytesShipped(local);
        assertThat(localBytes).isLessThan(syncBytes / 2);
    }
}
