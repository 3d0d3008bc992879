package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.cli.Descent;
import io.descent.io.CheckpointFile;
import io.descent.train.Checkpointer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver of {@code descent train --spark local[2] --checkpoint-every-steps N}, in a JVM of its own, killed
 * with SIGKILL in the middle of an epoch: the checkpoint directory holds the state after the last multiple of N
 * steps, {@code --resume} says "resumed from epoch E, step S" with that S, and ends with the same model, byte for
 * byte, as a run never stopped. So a killed driver loses at most the N - 1 steps since its last step checkpoint.
 */
class SparkDriverKillTest {
    private static final int EVERY = 4;
    private static final String[] RUN = {"train", "--data", "blobs(n=2000, classes=3)", "--model",
        "mlp(16, batchnorm=true, dropout=0.2)", "--optimizer", "adam(lr=0.01)", "--batch-size", "20", "--epochs",
        "2", "--seed", "7", "--spark", "local[2]", "--partitions", "2", "--checkpoint-every-steps",
        Integer.toString(EVERY)};

    @TempDir
    Path dir;

    @Test
    void aDriverKilledMidEpochResumesFromItsLastStepCheckpointToTheSameModel() throws Exception {
        Path ck = dir.resolve("ck");
        Process child = childDescent(with("--checkpoint-dir", ck.toString(), "--save",
                dir.resolve("never.safetensors").toString()));
        Path last = ck.resolve(Checkpointer.LAST);
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (child.isAlive() && !Files.exists(last) && System.nanoTime() < waitUntil) {
            Thread.sleep(20);
        }
        assertThat(child.isAlive()).as("the driver runs its first epoch: " + Files.readString(dir.resolve("err"))).isTrue();
        child.destroyForcibly();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dir.resolve("never.safetensors")).as("killed before the end").doesNotExist();

        CheckpointFile.Contents c = CheckpointFile.read(last);
        long step = Long.parseLong(c.extra("step"));
        int epoch = Integer.parseInt(c.extra("epoch"));
        assertThat(step % EVERY).as("a step checkpoint").isZero();
        assertThat(epoch).as("written in the middle of the first epoch (80 steps)").isZero();

        TestSpark.stop(); // the command starts its own local[2] session, as in the child
        Path reference = dir.resolve("reference.safetensors");
        Result straight = descent(with("--checkpoint-dir", dir.resolve("ref-ck").toString(), "--save",
                reference.toString()));
        assertThat(straight.status).as(straight.err).isZero();

        Path resumed = dir.resolve("resumed.safetensors");
        Result rest = descent(with("--checkpoint-dir", ck.toString(), "--resume", ck.toString(), "--save",
                resumed.toString()));
        assertThat(rest.status).as(rest.err).isZero();
        assertThat(rest.out).contains("resumed from epoch " + epoch + ", step " + step);
        assertThat(Files.readAllBytes(resumed)).as("the model of a run never stopped")
                .isEqualTo(Files.readAllBytes(reference));
    }

    private static String[] with(String... more) {
        String[] out = new String[RUN.length + more.length];
        System.arraycopy(RUN, 0, out, 0, RUN.length);
        System.arraycopy(more, 0, out, RUN.length, more.length);
        return out;
    }

    private Process childDescent(String... args) throws java.io.IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m"));
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--add-") || flag.startsWith("-XX:+Ignore") || flag.startsWith("-Djdk.")
                    || flag.startsWith("-Dio.netty.")) {
                command.add(flag); // the flags Spark needs on Java 17, as this test JVM has them
            }
        }
        command.addAll(List.of("-cp", cp, Descent.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile()).start();
    }

    private record Result(int status, String out, String err) {
    }

    private static Result descent(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Descent.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }
}
