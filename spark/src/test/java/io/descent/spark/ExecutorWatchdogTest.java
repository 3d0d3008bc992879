package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

class ExecutorWatchdogTest {
    static final long S = 1_000_000_000L;
    final ExecutorWatchdog dog = new ExecutorWatchdog(Duration.ofSeconds(5));

    @Test
    void firesOnceWhenNoExecutorWasAliveForTheWholeTimeoutWhileAJobRan() {
        assertThat(dog.check(2, true, true, 0)).isNull();
        assertThat(dog.check(0, true, true, 1 * S)).isNull();
        assertThat(dog.check(0, true, true, 5 * S)).isNull();
        assertThat(dog.check(0, true, true, 6 * S)).isEqualTo(
                "no Spark executor alive for 5 s (all lost): the job was cancelled instead of waiting for executors "
                        + "that may never come; check the cluster's workers (spark.descent.executorTimeout sets this wait)");
        assertThat(dog.check(0, true, true, 7 * S)).isNull();
    }

    @Test
    void anExecutorOrAGapBetweenJobsRestartsTheWait() {
        dog.check(0, false, true, 0);
        assertThat(dog.check(1, true, true, 4 * S)).isNull();
        assertThat(dog.check(0, true, true, 5 * S)).isNull();
        assertThat(dog.check(0, true, false, 9 * S)).isNull();
        assertThat(dog.check(0, true, true, 10 * S)).isNull();
        assertThat(dog.check(0, true, true, 14 * S)).isNull();
        assertThat(dog.check(0, false, true, 15 * S)).contains("(none registered)");
    }

    @Test
    void theLineIsFoundInsideSparksCancellation() {
        SparkException e = new SparkException("Job 3 cancelled because " + dog.line(true) + "\n\tat somewhere");
        RuntimeException r = SparkFailures.unwrap(new RuntimeException("wrapped", e));
        assertThat(r).isInstanceOf(IllegalStateException.class).hasMessage(dog.line(true));
        assertThat(ExecutorWatchdog.lineIn(new RuntimeException("other"))).isNull();
    }

    @Test
    void theFirstExecutorGetsItsOwnLongerWait() {
        ExecutorWatchdog starting = new ExecutorWatchdog(Duration.ofSeconds(5), Duration.ofSeconds(60));
        assertThat(starting.check(0, false, true, 0)).isNull();
        assertThat(starting.check(0, false, true, 30 * S)).as("none registered yet, within 60 s").isNull();
        assertThat(starting.check(0, false, true, 61 * S)).startsWith("no Spark executor alive for 60 s (none registered)");
        assertThat(starting.check(1, true, true, 62 * S)).isNull();
        assertThat(starting.check(0, true, true, 63 * S)).isNull();
        assertThat(starting.check(0, true, true, 69 * S)).startsWith("no Spark executor alive for 5 s (all lost)");
    }

    @Test
    void sparkFoursSqlStateAfterTheLineIsLeftOut() {
        // Spark 4's message: "[SPARK_JOB_CANCELLED] Job 0 cancelled <reason> SQLSTATE: XXKDA"
        SparkException e = new SparkException("[SPARK_JOB_CANCELLED] Job 0 cancelled " + dog.line(false)
                + " SQLSTATE: XXKDA");
        assertThat(ExecutorWatchdog.lineIn(e)).isEqualTo(dog.line(false));
    }
}
