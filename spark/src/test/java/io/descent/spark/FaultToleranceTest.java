package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.loss.LossSpec;
import io.descent.nn.Module;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A task that fails on its first attempt is retried by Spark ({@code local[2,4]}: up to four attempts) and
 * the run ends with exactly the weights of a run without the failure.
 */
class FaultToleranceTest {
    // Shared with the tasks: local mode runs them in this JVM.
    static final AtomicInteger TASKS_SEEN = new AtomicInteger();
    static final AtomicInteger FAIL_AT_TASK = new AtomicInteger(-1);
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicBoolean RETRIED = new AtomicBoolean();

    /** Passes shards through; the FAIL_AT_TASK-th task, on its first attempt, dies. */
    static Shard maybeFail(Shard s) {
        TaskContext tc = TaskContext.get();
        if (tc.attemptNumber() > 0) {
            RETRIED.set(true);
        } else if (TASKS_SEEN.incrementAndGet() == FAIL_AT_TASK.get()) {
            FAILED.set(true);
            throw new IllegalStateException("injected failure in partition " + tc.partitionId());
        }
        return s;
    }

    @ParameterizedTest(name = "local SGD steps {0} (0: synchronous)")
    @ValueSource(ints = {0, 3})
    void aTaskFailingOnceLeavesTheResultUnchanged(int localSteps) throws IOException {
        SparkSession spark = TestSpark.local();
        SparkData data = SparkData.of(spark, SyncEqualityTest.DATA, 3);
        SparkConfig config = SparkConfig.defaults().withBatchSize(SyncEqualityTest.BATCH).withSteps(12)
                .withSeed(SyncEqualityTest.SEED).withAggregation(Aggregation.ORDERED, 2);
        if (localSteps > 0) {
            config = config.withLocalSgd(localSteps);
        }

        Module clean = SyncEqualityTest.model();
        SparkTraining.fit(spark, clean, LossSpec.crossEntropy(), SyncEqualityTest.optimizer("adam"), data, config);

        TASKS_SEEN.set(0);
        FAIL_AT_TASK.set(8); // a task of the third job
        FAILED.set(false);
        RETRIED.set(false);
        JavaRDD<Shard> flaky = data.shards().map(FaultToleranceTest::maybeFail);
        Module retried = SyncEqualityTest.model();
        SparkTraining.fit(spark, retried, LossSpec.crossEntropy(), SyncEqualityTest.optimizer("adam"),
                new SparkData(flaky, data.shape(), data.size()), config);
        FAIL_AT_TASK.set(-1);
        data.unpersist();

        assertThat(FAILED).as("the failure was injected").isTrue();
        assertThat(RETRIED).as("Spark retried the task").isTrue();
        assertThat(ParameterVectors.values(retried.parameters()))
                .isEqualTo(ParameterVectors.values(clean.parameters()));
    }
}
