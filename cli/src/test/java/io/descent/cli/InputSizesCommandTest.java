package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.io.ModelFile;
import io.descent.nn.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19, items 4, 5 and 7: sizes from user input that overflow, CSV files without header, empty splits. */
class InputSizesCommandTest {

    @Test
    void aBatchSizeOfIntMaxTrainsOneBatchOfAllTheDataAndSaysSo(@TempDir Path dir) throws IOException {
        Path saved = dir.resolve("m.safetensors");
        CliTestSupport.Result r = CliTestSupport.run("train", "--data", "moons(n=200)", "--batch-size", "2147483647",
                "--epochs", "3", "--optimizer", "sgd(lr=0.5)", "--save", saved.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("note: --batch-size 2147483647 is more than the 144 training samples: each epoch "
                + "is one batch of all 144");
        // Trained: the saved weights are not the untrained ones of the same seed.
        Module untrained = ModelSpecs.build("linear", new int[] {2}, 2, 0);
        Module trained = ModelFile.load(saved);
        assertThat(trained.stateDict().get("weight").toDoubleArray())
                .isNotEqualTo(untrained.stateDict().get("weight").toDoubleArray());
    }

    @Test
    void aStreamedFileRefusesABatchItsBuffersCannotHoldUpFront(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "a,b,label\n" + "0.1,0.2,0\n0.3,0.4,1\n".repeat(50));
        System.setProperty("descent.data.budget", "1"); // streams the file
        CliTestSupport.Result r;
        try {
            r = CliTestSupport.run("train", "--data", "csv:" + csv, "--batch-size", "2147483647", "--epochs", "1",
                    "--save", dir.resolve("m.safetensors").toString());
        } finally {
            System.clearProperty("descent.data.budget");
        }
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("descent: --batch-size").contains("a batch of 2147483647 rows of 2 features");
        assertThat(dir.resolve("m.safetensors")).doesNotExist();
    }

    @Test
    void trainOnACsvWithoutHeaderKeepsTheFirstRowAndSaysHowManyRowsItRead(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("nohdr.csv");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            sb.append(i * 0.1).append(',').append(1 - i * 0.05).append(',').append(i % 2).append('\n');
        }
        Files.writeString(csv, sb);
        CliTestSupport.Result r = CliTestSupport.run("train", "--data", "csv:" + csv, "--epochs", "1",
                "--validation-split", "0", "--save", dir.resolve("m.safetensors").toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("read 12 rows: \\d+ for training, \\d+ for test");
        String line = Arrays.stream(r.out().split("\n")).filter(l -> l.startsWith("read ")).findFirst().orElseThrow();
        String[] w = line.replace(",", "").split(" ");
        assertThat(Integer.parseInt(w[3]) + Integer.parseInt(w[6])).isEqualTo(12);
    }

    @Test
    void trainOnACsvWithHeaderReadsEveryRowAfterIt(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("hdr.csv");
        Files.writeString(csv, "x,y,label\n" + "0.1,0.2,0\n0.3,0.4,1\n".repeat(10));
        CliTestSupport.Result r = CliTestSupport.run("train", "--data", "csv:" + csv, "--epochs", "1",
                "--save", dir.resolve("m.safetensors").toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("read 20 rows: \\d+ for training, \\d+ for validation, \\d+ for test");
    }

    @Test
    void aFirstLineMixingNamesAndNumbersIsRefusedNotGuessed(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("mixed.csv");
        Files.writeString(csv, "x,0.2,label\n" + "0.1,0.2,0\n0.3,0.4,1\n".repeat(10));
        CliTestSupport.Result r = CliTestSupport.run("train", "--data", "csv:" + csv, "--epochs", "1",
                "--save", dir.resolve("m.safetensors").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains(csv + ", line 1").contains("field 1 'x' is not a number but field 2 '0.2' is");
    }

    @Test
    void anEmptyValidationSplitIsItsOwnErrorBeforeTraining(@TempDir Path dir) {
        CliTestSupport.Result r = CliTestSupport.run("train", "--data", "moons(n=5)", "--epochs", "1",
                "--save", dir.resolve("m.safetensors").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("descent: --validation-split, 0.1: 4 for training, 0 for validation, 1 for test: "
                + "the validation split of 0.1 holds no sample; give more samples, a larger fraction, or "
                + "--validation-split 0\n");
        assertThat(r.out()).doesNotContain("epoch 1");
        assertThat(dir.resolve("m.safetensors")).doesNotExist();
    }

    @Test
    void aSingleRowIsRefusedUpFrontNotReportedAsATestLossOfNaN(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("one.csv");
        Files.writeString(csv, "0.1,0.2,0\n");
        CliTestSupport.Result r = CliTestSupport.run("train", "--data", "csv:" + csv, "--epochs", "1",
                "--validation-split", "0", "--save", dir.resolve("m.safetensors").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("1 rows").doesNotContain("NaN");
        assertThat(r.out()).doesNotContain("NaN");
    }

    @Test
    void aGeneratedSetTooSmallForItsTestSplitNamesTheSplit(@TempDir Path dir) {
        CliTestSupport.Result r = CliTestSupport.run("train", "--data", "moons(n=2)", "--epochs", "1",
                "--validation-split", "0", "--save", dir.resolve("m.safetensors").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("test split is empty").doesNotContain("NaN");
    }
}
