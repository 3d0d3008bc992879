package io.descent.spark;

import io.descent.train.History;
import static org.assertj.core.api.Assertions.assertThat;

import io.descent.loss.LossSpec;
import io.descent.nn.Module;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Training in {@code local-cluster[2,1,1024]}: a standalone master and two workers in this JVM, each
 * launching an executor in a JVM of its own, so the model's blueprint, the weights, the data and the
 * results really are serialized across process boundaries.
 *
 * <p>Nothing is set by hand: {@link SparkSessions} starts the master and workers as child JVMs on 127.0.0.1
 * and makes the Spark home their executors start from (spark/pom.xml sets no SPARK_HOME, SPARK_SCALA_VERSION
 * nor SPARK_LOCAL_IP).
 */
@Order(Integer.MAX_VALUE)
class LocalClusterTest {
    static SparkSession spark;

    @BeforeAll
    static void startCluster() {
        spark = TestSpark.session("local-cluster[2,1,1024]");
    }

    @AfterAll
    static void stopCluster() {
        TestSpark.stop(); // the next test class starts the shared local session again
    }

    @Test
    void synchronousTrainingAcrossExecutorJvmsEqualsSingleMachineTraining() throws IOException {
        SparkData data = SparkData.of(spark, SyncEqualityTest.DATA, 4);
        Set<Long> pids = new HashSet<>(data.shards().map(s -> ProcessHandle.current().pid()).collect());
        assertThat(pids).as("executor processes").hasSize(2).doesNotContain(ProcessHandle.current().pid());

        Module distributed = SyncEqualityTest.model();
        History h = SparkTraining.fit(spark, distributed, LossSpec.crossEntropy(), SyncEqualityTest.optimizer("adam"),
                data, SparkConfig.defaults().withBatchSize(SyncEqualityTest.BATCH).withSteps(12)
                        .withSeed(SyncEqualityTest.SEED));
        Module reference = SyncEqualityTest.singleMachine(SyncEqualityTest.optimizer("adam"), 12);
        float[] expected = ParameterVectors.values(reference.parameters()).floats();
        float[] actual = ParameterVectors.values(distributed.parameters()).floats();
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as("weight %d", i).isLessThan(2e-5f);
        }
        assertThat(h.steps()).hasSize(12).allSatisfy(r -> assertThat(r.get("loss")).isPositive());
        System.out.printf(java.util.Locale.ROOT, "local-cluster[2,1,1024], %d-parameter MLP, batch %d: median step "
                + "%.1f ms (compute %.1f ms, aggregate %.1f ms, broadcast %.1f ms)%n", distributed.parameterCount(),
                SyncEqualityTest.BATCH, Measurements.median(h.steps(), "total_ms"),
                Measurements.median(h.steps(), "compute_ms"),
                Measurements.median(h.steps(), "aggregate_ms"),
                Measurements.median(h.steps(), "broadcast_ms"));

        // Local SGD ships the optimizer factory (a lambda) and the optimizer state to the executors too.
        Module local = SyncEqualityTest.model();
        History l = SparkTraining.fit(spark, local, LossSpec.crossEntropy(), SyncEqualityTest.optimizer("adam"), data,
                SparkConfig.defaults().withBatchSize(SyncEqualityTest.BATCH).withSteps(12).withLocalSgd(4));
        assertThat(l.steps()).as("rounds of 4 ending at the epoch boundary after step 11").hasSize(4);
        assertThat(l.steps().get(l.steps().size() - 1).get("loss")).isLessThan(l.steps().get(0).get("loss"));
        data.unpersist();
    }
}
