package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.io.CheckpointFile;
import io.descent.train.Checkpointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line never shows a stack trace for a user error: a missing or bad data file, a bad spec, a
 * corrupt model file for eval and predict, a corrupt checkpoint for {@code --resume}, a model or data set too
 * large for the heap, NaN in the input; each ends with status 2 and one line naming the input and the
 * problem. With {@code --debug} the same error shows its stack trace. A diverged run ends with status 3 and a
 * line naming the last good checkpoint; running out of memory with one line and status 1.
 */
class CliErrorPathsTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path checkpoints;

    /** A model file and a checkpoint directory, written by the command line itself. */
    @BeforeAll
    static void trainOnce() {
        model = dir.resolve("model.safetensors");
        checkpoints = dir.resolve("ck");
        CliTestSupport.Result r = CliTestSupport.run("train", "--data", "moons(n=200)", "--model", "mlp(8)", "--epochs",
                "2", "--checkpoint-dir", checkpoints.toString(), "--save", model.toString());
        assertThat(r.status()).as(r.err()).isZero();
    }

    /** The lines of standard error that are not the start-up note about native BLAS. */
    private static List<String> errorLines(CliTestSupport.Result r) {
        return Arrays.stream(r.err().split("\n")).filter(l -> !l.isBlank() && !l.startsWith("descent: note:")).toList();
    }

    /** Status 2 and one line starting "descent: " containing every one of {@code says}; with --debug a trace. */
    private static void userError(List<String> args, String... says) {
        CliTestSupport.Result r = CliTestSupport.run(args.toArray(new String[0]));
        assertThat(r.status()).as(args + ": " + r.err()).isEqualTo(Descent.USER_ERROR);
        List<String> lines = errorLines(r);
        assertThat(lines).as(args + " printed").hasSize(1);
        assertThat(lines.get(0)).startsWith("descent: ").doesNotContain("Exception").contains(says);
        assertThat(r.err()).doesNotContain("\tat ");

        String[] debug = args.toArray(new String[args.size() + 1]);
        debug[args.size()] = "--debug";
        CliTestSupport.Result d = CliTestSupport.run(debug);
        assertThat(d.status()).isEqualTo(Descent.USER_ERROR);
        assertThat(d.err()).as(args + " with --debug").contains("\tat io.descent.").contains(lines.get(0));
    }

    private static Path corrupt(Path good, String name) throws IOException {
        byte[] b = Files.readAllBytes(good);
        b[b.length - 3] ^= 0x10; // a byte of the last tensor's data
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, b);
        return p;
    }

    @Test
    void aMissingOrBadDataFile() throws IOException {
        userError(List.of("train", "--data", "csv:" + dir.resolve("missing.csv")), "--data", "no such file");
        Path csv = Files.writeString(dir.resolve("nan.csv"), "x,y,label\n1,2,0\n3,NaN,1\n");
        userError(List.of("train", "--data", "csv:" + csv), csv.toString(), "line 3, field 2", "'NaN'");
        Path svm = Files.writeString(dir.resolve("bad.svm"), "0 1:1\n1 2:x\n");
        userError(List.of("train", "--data", "libsvm:" + svm), svm.toString(), "line 2");
    }

    @Test
    void sparkWithoutTheSparkModuleOnTheClassPath() {
        // This module's tests run without descent-spark: the command says how to get it instead of failing deep down.
        userError(List.of("train", "--data", "moons(n=100)", "--spark", "local[2]"), "--spark",
                "Spark is not on this command's class path", "./descent launcher");
        userError(List.of("train", "--data", "moons(n=100)", "--local-steps", "4"), "--partitions",
                "are for training on Spark (--spark MASTER)");
    }

    @Test
    void aBadSpec() {
        userError(List.of("train", "--data", "moons(n=100)", "--optimizer", "adam(lr=fast)"), "--optimizer", "lr = fast");
        userError(List.of("train", "--data", "moons(n=100)", "--schedule", "cosine(t_max=-1)"), "--schedule");
        userError(List.of("train", "--data", "moons(n=-5)"), "--data", "number of points");
        userError(List.of("train", "--data", "moons(n=100)", "--model", "mlp(8, activation=swish)"), "--model", "swish");
    }

    @Test
    void aModelOrDataSetTooLargeForTheHeapIsRefusedBeforeAllocating() {
        userError(List.of("train", "--data", "moons(n=100)", "--model", "mlp(40000,40000,40000)"), "--model",
                "parameters would need about", "-Xmx");
        userError(List.of("train", "--data", "moons(n=2000000000)"), "--data", "2000000000 points would need about");
        userError(List.of("train", "--data", "blobs(n=100, classes=2000000000)"), "--model", "parameters");
    }

    @Test
    void aCorruptModelFileForEvalAndPredict() throws IOException {
        Path bad = corrupt(model, "corrupt.safetensors");
        userError(List.of("eval", "--load", bad.toString(), "--data", "moons(n=200)"), bad.toString(),
                "does not match its checksum");
        Path input = Files.writeString(dir.resolve("x.csv"), "0.5,0.5\n1,-1\n");
        userError(List.of("predict", "--load", bad.toString(), "--input", input.toString()), bad.toString(),
                "does not match its checksum");
        Path notAModel = Files.writeString(dir.resolve("text.safetensors"), "hello, world");
        userError(List.of("predict", "--load", notAModel.toString(), "--input", input.toString()), notAModel.toString());
        userError(List.of("eval", "--load", dir.resolve("none.safetensors").toString(), "--data", "moons(n=200)"),
                "none.safetensors");
    }

    @Test
    void nanInPredictInputIsRefusedWithLineAndField() throws IOException {
        Path input = Files.writeString(dir.resolve("nan-input.csv"), "0.5,0.5\n1,NaN\n");
        userError(List.of("predict", "--load", model.toString(), "--input", input.toString()), "line 2, field 2", "'NaN'");
        Files.writeString(input, "0.5,0.5\n1e39,1\n");
        userError(List.of("predict", "--load", model.toString(), "--input", input.toString()), "line 2, field 1");
    }

    @Test
    void aCorruptCheckpointForResume() throws IOException {
        Path bad = corrupt(checkpoints.resolve(Checkpointer.LAST), "bad-ck/" + Checkpointer.LAST);
        userError(List.of("train", "--data", "moons(n=200)", "--model", "mlp(8)", "--epochs", "3", "--resume",
                bad.getParent().toString(), "--save", dir.resolve("never.safetensors").toString()), bad.toString(),
                "does not match its checksum");
        assertThat(dir.resolve("never.safetensors")).doesNotExist();
        userError(List.of("train", "--data", "moons(n=200)", "--model", "mlp(16)", "--epochs", "3", "--resume",
                checkpoints.toString(), "--save", dir.resolve("never.safetensors").toString()),
                "--model was mlp(8), now mlp(16)");
    }

    /** Learning rate 1e6: status 3, one line with the epoch and the last good checkpoint, which loads. */
    @Test
    void aDivergedRunEndsWithStatus3AndNamesTheLastGoodCheckpoint() throws IOException {
        Path ck = dir.resolve("diverging");
        CliTestSupport.Result r = CliTestSupport.run("train", "--data", "moons(n=400)", "--model", "mlp(16)",
                "--optimizer", "sgd(lr=1e6)", "--batch-size", "1000", "--epochs", "50", "--checkpoint-dir", ck.toString(),
                "--save", dir.resolve("diverged.safetensors").toString());
        assertThat(r.status()).as(r.err()).isEqualTo(Descent.DIVERGED);
        List<String> lines = errorLines(r);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("descent: training diverged at epoch ")
                .endsWith("the last good checkpoint is " + ck.resolve(Checkpointer.LAST));
        CheckpointFile.Contents c = CheckpointFile.read(ck.resolve(Checkpointer.LAST));
        assertThat(lines.get(0)).contains("at epoch " + (Integer.parseInt(c.extra("epoch")) + 1) + ",");
        assertThat(dir.resolve("diverged.safetensors")).doesNotExist();
    }

    /** An OutOfMemoryError (a batch too large for a small heap) is one line and status 1, not a trace. */
    @Test
    void runningOutOfMemoryIsOneLine() throws Exception {
        Path out = dir.resolve("oom.out");
        Path err = dir.resolve("oom.err");
        Process p = ChildJvm.start("48m", out, err, "train", "--data", "moons(n=200000)", "--model", "mlp(512,512)",
                "--batch-size", "100000", "--epochs", "1", "--validation-split", "0", "--save",
                dir.resolve("oom.safetensors").toString());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(err);
        assertThat(p.exitValue()).as(text).isEqualTo(1);
        List<String> lines = Arrays.stream(text.split("\n")).filter(l -> !l.isBlank() && !l.startsWith("descent: note:"))
                .toList();
        assertThat(lines).as(text).hasSize(1);
        assertThat(lines.get(0)).startsWith("descent: out of memory (this JVM may use ").contains("-Xmx");
    }
}
