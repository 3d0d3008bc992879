package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.cli.Descent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code descent train --spark} in {@code local-cluster[2,1,1024]}, on the cluster that the Spark module's
 * {@link LocalClusterTest} starts (its Spark home links this module's test class path, the command line's classes
 * included), so the command's optimizer maker really crosses into executor JVMs.
 */
@Order(Integer.MAX_VALUE)
class CommandLineOnLocalClusterTest {

    @BeforeAll
    static void startCluster() throws java.io.IOException {
        LocalClusterTest.startCluster();
    }

    @AfterAll
    static void stopCluster() {
        LocalClusterTest.stopCluster();
    }

    @Test
    void theCommandLinesLocalSgdShipsItsOptimizerSpecToExecutorJvms() {
        // `descent train --spark` builds the optimizer from its spec text on every executor (a serializable lambda
        // of the command line's classes), and the command reuses the session this process already runs.
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Descent.run(new String[] {"train", "--data", "blobs(n=600, classes=3)", "--model",
            "mlp(8)", "--optimizer", "sgd(lr=0.2, momentum=0.9, nesterov=true)", "--epochs", "2", "--batch-size", "40",
            "--spark", "local-cluster[2,1,1024]", "--partitions", "2", "--local-steps", "3", "--save",
            Path.of(System.getProperty("java.io.tmpdir"), "descent-local-cluster-cli.safetensors").toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("local SGD with 3 local steps").containsPattern("test accuracy 0\\.[89]");
        assertThat(LocalClusterTest.spark.sparkContext().isStopped()).as("the command leaves a session it did not start")
                .isFalse();
    }

    @Test
    void theReadmesBatchNormDropoutCommandTrainsOnTheLocalCluster() throws java.io.IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = ReadmeCommand.withMaster("local-cluster[2,1,1024]",
                Path.of(System.getProperty("java.io.tmpdir"), "descent-readme-local-cluster.safetensors"));
        int status = Descent.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(status).as(err.toString()).isZero();
        assertThat(String.join(" ", args)).contains("batchnorm=true, dropout=0.2");
        assertThat(out.toString()).contains("descent train on Spark (local-cluster[2,1,1024])")
                .containsPattern("test accuracy 0\\.[6-9]");
    }
}
