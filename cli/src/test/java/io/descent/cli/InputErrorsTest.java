package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.descent.InvalidInputException;
import io.descent.io.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that are not what they should be say what they are and what was expected: a directory, a fifo (which
 * must not block), {@code -} as a model or data file; an unknown early-stopping metric before training; {@code eval
 * --model} used for a weights-only file and refused otherwise, never ignored; and no error line runs to megabytes.
 */
class InputErrorsTest {
    private static final String[] TASK = {"--data", "moons(n=120)", "--model", "mlp(4)"};

    @TempDir
    static Path dir;
    static Path model;
    static Path fifo;

    @BeforeAll
    static void setUp() throws Exception {
        model = dir.resolve("model.safetensors");
        CliTestSupport.Result r = CliTestSupport.run(OutputFaultInjectionTest.concat(new String[] {"train"},
                OutputFaultInjectionTest.concat(TASK, "--epochs", "1", "--save", model.toString())));
        assertThat(r.status()).as(r.err()).isZero();
        fifo = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0).as("mkfifo").isTrue();
    }

    private static String userError(String... args) {
        CliTestSupport.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliTestSupport.run(args));
        assertThat(r.status()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(Descent.USER_ERROR);
        List<String> lines = Arrays.stream(r.err().split("\n"))
                .filter(l -> !l.isBlank() && !l.startsWith("descent: note:")).toList();
        assertThat(lines).hasSize(1);
        assertThat(r.out()).as("work started").doesNotContain("epoch 1");
        return lines.get(0);
    }

    @Test
    void evalAndPredictSayADirectoryIsADirectoryAndWhatWasExpected() {
        assertThat(userError("eval", "--load", dir.toString(), "--data", "moons(n=120)"))
                .contains("--load", dir + " is a directory", "expected a model file written by descent train");
        assertThat(userError("predict", "--load", dir.toString(), "--input", model.toString()))
                .contains("--load", "is a directory", "expected a model file");
        assertThat(userError("predict", "--load", model.toString(), "--input", dir.toString()))
                .contains("--input", "is a directory", "expected a CSV file");
    }

    @Test
    void aFifoGivenAsAModelIsRefusedInsteadOfBlockingForEver() {
        assertThat(userError("eval", "--load", fifo.toString(), "--data", "moons(n=120)"))
                .contains("--load", "is a fifo", "expected a model file");
        assertThat(userError("predict", "--load", fifo.toString(), "--input", model.toString()))
                .contains("is a fifo");
        assertThat(userError("predict", "--load", model.toString(), "--input", fifo.toString()))
                .contains("--input", "is a fifo");
    }

    @Test
    void aDirectoryFifoOrDashGivenAsDataSaysWhatItIs() {
        for (String form : List.of("csv:", "libsvm:")) {
            assertThat(userError("train", "--data", form + dir, "--epochs", "1")).contains("--data", "is a directory")
                    .doesNotContain("no such file");
            assertThat(userError("train", "--data", form + fifo, "--epochs", "1")).contains("--data", "is a fifo");
            assertThat(userError("train", "--data", form + "-", "--epochs", "1")).contains("--data", "standard input");
        }
        assertThat(userError("eval", "--load", model.toString(), "--data", "csv:" + dir)).contains("is a directory");
        assertThat(userError("train", "--data", "csv:" + dir.resolve("absent.csv"), "--epochs", "1"))
                .contains("no such file");
    }

    @Test
    void anUnknownEarlyStoppingMetricIsRefusedBeforeTraining() {
        assertThat(userError(OutputFaultInjectionTest.concat(new String[] {"train"}, OutputFaultInjectionTest.concat(TASK,
                "--epochs", "3", "--early-stopping", "foo", "--save", dir.resolve("never.safetensors").toString()))))
                .contains("--early-stopping", "'foo'", "val_loss");
        assertThat(dir.resolve("never.safetensors")).doesNotExist();
    }

    @Test
    void evalRefusesModelForAFileWithItsArchitecture() {
        assertThat(userError("eval", "--load", model.toString(), "--data", "moons(n=120)", "--model", "mlp(100)"))
                .contains("--model", "holds the architecture", "weights-only");
    }

    @Test
    void evalBuildsModelForAWeightsOnlyFileAndMeasuresWhatTheFullFileMeasures() throws IOException {
        Path weights = dir.resolve("weights.safetensors");
        ModelFile.saveWeights(ModelFile.load(model), weights);
        CliTestSupport.Result full = CliTestSupport.run("eval", "--load", model.toString(), "--data", "moons(n=120)");
        CliTestSupport.Result bare = CliTestSupport.run("eval", "--load", weights.toString(), "--data", "moons(n=120)",
                "--model", "mlp(4)");
        assertThat(full.status()).as(full.err()).isZero();
        assertThat(bare.status()).as(bare.err()).isZero();
        assertThat(bare.lastLine()).startsWith("test ").isEqualTo(full.lastLine());
        // the wrong architecture for those weights is an error naming the file, not a silent mismatch
        CliTestSupport.Result wrong = CliTestSupport.run("eval", "--load", weights.toString(), "--data", "moons(n=120)",
                "--model", "mlp(5)");
        assertThat(wrong.status()).isEqualTo(Descent.USER_ERROR);
        assertThat(wrong.err()).contains(weights.toString());
    }

    @Test
    void anErrorQuotingAHugeInputIsCappedToOneShortLine() {
        String huge = "csv:" + dir.resolve("x".repeat(200_000) + ".csv");
        CliTestSupport.Result r = CliTestSupport.run("train", "--data", huge, "--epochs", "1");
        assertThat(r.status()).isEqualTo(Descent.USER_ERROR);
        List<String> lines = Arrays.stream(r.err().split("\n"))
                .filter(l -> !l.isBlank() && !l.startsWith("descent: note:")).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).length()).isLessThanOrEqualTo("descent: ".length() + InvalidInputException.MAX_MESSAGE);
        assertThat(lines.get(0)).contains("...").contains("characters in all");
    }
}
