package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.loss.LossSpec;
import io.descent.nn.Module;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
 * <p>A worker launches executors from a Spark home: this test makes one under target/spark-home whose
 * {@code jars/} links every jar of the test class path (spark/pom.xml points SPARK_HOME there and sets
 * SPARK_SCALA_VERSION=2.13 for Spark's launcher); the compiled classes of core and spark reach the
 * executors through {@code spark.executor.extraClassPath}.
 */
@Order(Integer.MAX_VALUE)
class LocalClusterTest {
    static SparkSession spark;

    @BeforeAll
    static void startCluster() throws IOException {
        String home = System.getenv("SPARK_HOME");
        assertThat(home).as("SPARK_HOME, set by spark/pom.xml's surefire configuration").isNotNull();
        Path jars = Path.of(home, "jars");
        Files.createDirectories(jars);
        List<String> classDirs = new ArrayList<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classPath.split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(p)) {
                classDirs.add(p.toString());
            } else if (p.toString().endsWith(".jar") && Files.isRegularFile(p)) {
                Path link = jars.resolve(p.getFileName());
                if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, p);
                }
            }
        }
        spark = TestSpark.session("local-cluster[2,1,1024]", b -> b
                .config("spark.executor.extraClassPath", String.join(File.pathSeparator, classDirs))
                .config("spark.executor.memory", "1024m"));
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
        assertThat(h.steps()).hasSize(12).allSatisfy(r -> assertThat(r.samples()).isPositive());
        System.out.printf(java.util.Locale.ROOT, "local-cluster[2,1,1024], %d-parameter MLP, batch %d: median step "
                + "%.1f ms (compute %.1f ms, aggregate %.1f ms, broadcast %.1f ms)%n", distributed.parameterCount(),
                SyncEqualityTest.BATCH, Measurements.median(h.steps(), StepRecord::totalMs),
                Measurements.median(h.steps(), StepRecord::computeMs),
                Measurements.median(h.steps(), StepRecord::aggregateMs),
                Measurements.median(h.steps(), StepRecord::broadcastMs));

        // Local SGD ships the optimizer factory (a lambda) and the optimizer state to the executors too.
        Module local = SyncEqualityTest.model();
        History l = SparkTraining.fit(spark, local, LossSpec.crossEntropy(), SyncEqualityTest.optimizer("adam"), data,
                SparkConfig.defaults().withBatchSize(SyncEqualityTest.BATCH).withSteps(12).withLocalSgd(4));
        assertThat(l.steps()).hasSize(3);
        assertThat(l.lastLoss()).isLessThan(l.steps().get(0).loss());
        data.unpersist();
    }
}
