package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.cli.Descent;
import io.descent.data.Dataset;
import io.descent.data.Synthetic;
import io.descent.io.ModelFile;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent train --spark MASTER}: the command line's own options, trained on Spark by this module (found
 * through META-INF/services), in this JVM on the shared local session.
 */
class TrainOnSparkCommandTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeAll
    static void shared() {
        TestSpark.local();
    }

    int descent(String... args) {
        return Descent.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    Path blobsCsv() throws IOException {
        Dataset d = Synthetic.blobs(600, 3, 0.6, 21);
        StringBuilder sb = new StringBuilder("x1,x2,class\n");
        for (int i = 0; i < d.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%d%n", d.features().get(i, 0), d.features().get(i, 1), d.label(i)));
        }
        return Files.writeString(dir.resolve("blobs.csv"), sb.toString());
    }

    static List<float[]> weights(Path file) throws IOException {
        Module m = ModelFile.load(file);
        List<float[]> w = new ArrayList<>();
        for (Parameter p : m.parameters()) {
            w.add(p.value().toFloatArray());
        }
        return w;
    }

    @Test
    void trainsWithTheCommandsOptionsAndMatchesTrainingInOneProcess() throws IOException {
        Path csv = blobsCsv();
        Path onSpark = dir.resolve("spark.safetensors");
        Path alone = dir.resolve("alone.safetensors");
        String[] common = {"train", "--data", "csv:" + csv, "--label", "class", "--model", "mlp(16)",
            "--optimizer", "adam(lr=0.05)", "--batch-size", "50", "--epochs", "3", "--seed", "7"};
        int status = descent(concat(common, "--spark", TestSpark.MASTER, "--partitions", "3", "--save",
                onSpark.toString(), "--history", dir.resolve("h.json").toString(), "--log-every", "5"));
        assertThat(status).as(err.toString()).isZero();
        String printed = out.toString();
        assertThat(printed).contains("descent train on Spark (" + TestSpark.MASTER + ")").contains("in 3 partitions")
                .contains("synchronous steps").contains("step 5/").contains("sent").contains("received")
                .contains("saved the model to " + onSpark).containsPattern("test accuracy (0\\.9\\d+|1\\.0000) loss");
        assertThat(Files.readString(dir.resolve("h.json"))).contains("\"steps\"").contains("\"bytes_broadcast\"");
        String sparkLast = lastLine(printed);

        out.getBuffer().setLength(0);
        assertThat(descent(concat(common, "--save", alone.toString()))).as(err.toString()).isZero();
        String aloneLast = lastLine(out.toString());
        // Same data split, initial weights, batches and Adam: the same weights up to the order of float sums.
        List<float[]> a = weights(onSpark);
        List<float[]> b = weights(alone);
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < a.get(i).length; j++) {
                assertThat((double) a.get(i)[j]).as("parameter %d[%d]", i, j)
                        .isCloseTo(b.get(i)[j], org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(b.get(i)[j]))));
            }
        }
        assertThat(sparkLast.substring(0, "test accuracy 0.9".length() + 2))
                .isEqualTo(aloneLast.substring(0, "test accuracy 0.9".length() + 2));
    }

    /** As in one process: a NaN loss on Spark ends with status 3 and one line naming the epoch and step. */
    @Test
    void aDivergedRunOnSparkEndsWithStatus3AndOneLine() {
        int status = descent("train", "--data", "moons(n=400)", "--model", "mlp(16)", "--optimizer", "sgd(lr=1e6)",
                "--batch-size", "1000", "--epochs", "50", "--spark", TestSpark.MASTER, "--partitions", "2");
        assertThat(status).as(err.toString()).isEqualTo(Descent.DIVERGED);
        List<String> lines = err.toString().lines().filter(l -> l.startsWith("descent: ")).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("descent: training diverged at epoch ").contains(" step ");
    }

    @Test
    void checkpointsAndResumesLocalSgd() throws IOException {
        Path csv = blobsCsv();
        Path ckpt = dir.resolve("ckpt");
        String[] common = {"train", "--data", "csv:" + csv, "--label", "class", "--model", "linear",
            "--optimizer", "sgd(lr=0.1, momentum=0.9)", "--batch-size", "40", "--spark", TestSpark.MASTER,
            "--partitions", "2", "--local-steps", "4", "--checkpoint-dir", ckpt.toString(),
            "--save", dir.resolve("m.safetensors").toString()};
        assertThat(descent(concat(common, "--epochs", "2"))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("local SGD with 4 local steps");
        assertThat(ckpt.resolve("last.safetensors")).exists();

        assertThat(descent(concat(common, "--epochs", "3", "--resume", ckpt.toString(), "--history",
                dir.resolve("more.csv").toString()))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("resumed from epoch 2, step ");
        List<String> epochs = Files.readAllLines(dir.resolve("more.csv"));
        assertThat(epochs).as("the whole run's epochs, the first two from the checkpoint").hasSize(4);
        List<String> steps = Files.readAllLines(dir.resolve("more.steps.csv"));
        assertThat(steps.get(0)).startsWith("step,epoch,loss,compute_ms,aggregate_ms,broadcast_ms");
        assertThat(steps.stream().skip(1).filter(l -> l.split(",")[1].equals("3")).count())
                .as("rounds of the third epoch").isBetween(1L, 4L);
    }

    @Test
    void readsLibsvmDataWhereItLives() throws IOException {
        Dataset d = Synthetic.blobs(400, 2, 0.5, 3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%d 1:%s 2:%s%n", d.label(i) == 0 ? -1 : 1, d.features().get(i, 0),
                    d.features().get(i, 1)));
        }
        Path file = Files.writeString(dir.resolve("blobs.libsvm"), sb.toString());
        Path model = dir.resolve("svm.safetensors");
        int status = descent("train", "--data", "libsvm:" + file.toUri(), "--loss", "hinge", "--model", "linear",
                "--optimizer", "adam(lr=0.05)", "--epochs", "5", "--batch-size", "32", "--spark", TestSpark.MASTER,
                "--partitions", "2", "--save", model.toString());
        assertThat(status).as(err.toString()).isZero();
        // a fifth held out by RowSplit on the lines' byte offsets, as single-machine reading does, and evaluated there
        assertThat(out.toString()).containsPattern("\\b3\\d\\d training samples in 2 partitions")
                .containsPattern("validation accuracy (0\\.9\\d+|1\\.0000) loss");
        Module m = ModelFile.load(model);
        io.descent.tensor.Tensor scores = m.forward(d.features());
        int correct = 0;
        for (int i = 0; i < d.size(); i++) {
            correct += (scores.getFlat(i) >= 0) == (d.label(i) == 1) ? 1 : 0;
        }
        assertThat(correct / (double) d.size()).isGreaterThan(0.95);
    }

    @Test
    void underSparkSubmitTheMasterComesFromSparkSubmit() throws IOException {
        // spark-submit starts the jar's main (io.descent.cli.Descent) with spark.master set: no --spark needed.
        System.setProperty("spark.master", TestSpark.MASTER);
        try {
            assertThat(descent("train", "--data", "csv:" + blobsCsv(), "--label", "class", "--epochs", "1",
                    "--save", dir.resolve("submitted.safetensors").toString())).as(err.toString()).isZero();
        } finally {
            System.clearProperty("spark.master");
        }
        assertThat(out.toString()).contains("descent train on Spark (" + TestSpark.MASTER + ")");
    }

    @Test
    void whatSparkCannotDoIsRefusedWithStatus2() throws IOException {
        Path csv = blobsCsv();
        assertThat(descent("train", "--data", "csv:" + csv, "--label", "class", "--spark", TestSpark.MASTER,
                "--optimizer", "newton")).isEqualTo(2);
        assertThat(err.toString()).contains("--optimizer").contains("full-batch");
        err.getBuffer().setLength(0);
        assertThat(descent("train", "--data", "csv:" + csv, "--label", "class", "--spark", TestSpark.MASTER,
                "--accumulate", "2", "--local-steps", "2", "--epochs", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("--accumulate").contains("local SGD");
        err.getBuffer().setLength(0);
        assertThat(descent("train", "--data", "csv:" + csv, "--label", "class", "--partitions", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("--spark MASTER");
        err.getBuffer().setLength(0);
        assertThat(descent("train", "--data", "csv:" + csv, "--label", "class", "--spark", TestSpark.MASTER,
                "--aggregation", "sideways")).isEqualTo(2);
        assertThat(err.toString()).contains("--aggregation").contains("sideways");
    }

    static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void theReadmesBatchNormDropoutCommandTrainsOnLocal2() throws IOException {
        String[] args = ReadmeCommand.withMaster("local[2]", dir.resolve("readme.safetensors"));
        assertThat(descent(args)).as(err.toString()).isZero();
        assertThat(String.join(" ", args)).contains("batchnorm=true, dropout=0.2").contains("--spark local[2]");
        assertThat(out.toString()).containsPattern("test accuracy 0\\.[6-9]");
    }

    /** Issue 19, item 4: a partition count from the command line is bounded by the rows, before Spark runs a task. */
    @Test
    void morePartitionsThanTrainingRowsAreRefusedUpFront() {
        int status = descent("train", "--data", "moons(n=200)", "--spark", "local[2]", "--partitions", "2147483647",
                "--epochs", "1", "--save", dir.resolve("never.safetensors").toString());
        assertThat(status).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("descent: --partitions: 2147483647: expected at most 144 (the training "
                + "rows)\n");
        assertThat(dir.resolve("never.safetensors")).doesNotExist();
    }
}
