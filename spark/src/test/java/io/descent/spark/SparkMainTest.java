package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.data.CsvFormat;
import io.descent.data.CsvReader;
import io.descent.data.Dataset;
import io.descent.data.Synthetic;
import io.descent.io.ModelFile;
import io.descent.nn.Module;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark-submit entry point, run in this JVM on the shared local session. */
class SparkMainTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return SparkMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), TestSpark::local);
    }

    Path blobsCsv() throws IOException {
        Dataset d = Synthetic.blobs(600, 3, 0.6, 21);
        StringBuilder sb = new StringBuilder("x1,x2,class\n");
        for (int i = 0; i < d.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%d%n", d.features().get(i, 0), d.features().get(i, 1), d.label(i)));
        }
        return Files.writeString(dir.resolve("blobs.csv"), sb.toString());
    }

    @Test
    void trainsSavesTheModelAndTheHistoryAndResumes() throws IOException {
        Path csv = blobsCsv();
        Path model = dir.resolve("model.safetensors");
        Path history = dir.resolve("history.json");
        Path ckpt = dir.resolve("run.ckpt");
        int status = run("--data", "csv:" + csv, "--label", "class", "--validation", "csv:" + csv,
                "--model", "mlp:16", "--optimizer", "adam", "--lr", "0.05", "--batch-size", "50", "--epochs", "3",
                "--partitions", "3", "--out", model.toString(), "--history", history.toString(),
                "--checkpoint", ckpt.toString(), "--log-every", "5");
        assertThat(status).as(err.toString()).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("600 samples in 3 partitions").contains("step 5/36 epoch 0 loss")
                .contains("epoch 2 done at step 36").contains("sent").contains("received");

        Module trained = ModelFile.load(model);
        Dataset data = CsvReader.read(csv, CsvFormat.label("class").asClasses());
        assertThat(Metrics.accuracy(trained, data)).isGreaterThan(0.9);
        String json = Files.readString(history);
        assertThat(json).contains("\"steps\"").contains("\"epochs\"").contains("\"bytesBroadcast\"");

        int resumed = run("--data", "csv:" + csv, "--label", "class", "--model", "mlp:16", "--optimizer", "adam",
                "--lr", "0.05", "--batch-size", "50", "--epochs", "4", "--partitions", "2",
                "--resume", ckpt.toString(), "--history", dir.resolve("more.csv").toString());
        assertThat(resumed).as(err.toString()).isZero();
        assertThat(Files.readAllLines(dir.resolve("more.csv"))).hasSize(1 + 12)
                .first().isEqualTo(StepRecord.CSV_HEADER);
    }

    @Test
    void badOptionsAreReportedWithStatus2() throws IOException {
        assertThat(run("--data", "csv:" + blobsCsv(), "--label", "class", "--optimizer", "adamax")).isEqualTo(2);
        assertThat(err.toString()).contains("--optimizer").contains("unknown optimizer 'adamax'");
        err.reset();
        assertThat(run("--epochs")).isEqualTo(2);
        assertThat(err.toString()).contains("--epochs").contains("needs a value");
        err.reset();
        assertThat(run("--data", "csv:" + blobsCsv(), "--label", "class", "--loss", "square", "--batch-size", "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--batch-size").contains("below the smallest allowed, 1");
    }

    @Test
    void anUnknownDataFormatIsReported() {
        assertThat(run("--data", "parquet:/x")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown format 'parquet'");
    }

    @Test
    void helpListsTheOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: spark-submit --class io.descent.spark.SparkMain")
                .contains("--local-steps");
    }
}
