package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainEvalCommandTest {

    @Test
    void evalOnTheSavedModelGivesTheAccuracyTrainReported(@TempDir Path dir) {
        Path model = dir.resolve("m.safetensors");
        Path history = dir.resolve("h.csv");
        CliTestSupport.Result train = CliTestSupport.run("train", "--data", "spirals(n=600)", "--model", "mlp(32,32)",
                "--optimizer", "adam(lr=0.01)", "--epochs", "20", "--batch-size", "32", "--save", model.toString(),
                "--history", history.toString());
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.lastLine()).startsWith("test accuracy ");
        assertThat(history).exists();
        CliTestSupport.Result eval = CliTestSupport.run("eval", "--load", model.toString(), "--data", "spirals(n=600)");
        assertThat(eval.status()).as(eval.err()).isZero();
        assertThat(eval.lastLine()).isEqualTo(train.lastLine());
        CliTestSupport.Result confusion = CliTestSupport.run("eval", "--load", model.toString(), "--data", "spirals(n=600)",
                "--confusion");
        String[] lines = confusion.out().strip().split("\n");
        assertThat(lines).hasSize(4);
        long total = 0;
        for (int i = 1; i <= 2; i++) {
            for (String v : lines[i].strip().split("\\s+")) {
                total += Long.parseLong(v);
            }
        }
        assertThat(total).isEqualTo(120);
        double accuracy = Double.parseDouble(train.lastLine().split(" ")[2]);
        assertThat(accuracy).isGreaterThan(0.9);
    }

    @Test
    void withTimingOnTheEndOfTheFirstStepIsSaidOnceOnStandardError(@TempDir Path dir) {
        System.setProperty(StartupTiming.PROPERTY, "true");   // what DESCENT_TIMING=1 does for the benchmark runner
        CliTestSupport.Result r;
        try {
            r = CliTestSupport.run("train", "--data", "moons(n=300)", "--epochs", "2", "--save",
                    dir.resolve("m.safetensors").toString());
        } finally {
            System.clearProperty(StartupTiming.PROPERTY);
        }
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err().lines().filter(l -> l.equals(StartupTiming.MARKER))).hasSize(1);
        assertThat(r.out()).doesNotContain("timing");
        CliTestSupport.Result quiet = CliTestSupport.run("train", "--data", "moons(n=300)", "--epochs", "1", "--save",
                dir.resolve("q.safetensors").toString());
        assertThat(quiet.err()).doesNotContain("timing");
    }

    @Test
    void newtonAndLbfgsTrainFullBatchAndMarginLossesReportAccuracy(@TempDir Path dir) {
        for (String opt : new String[] {"newton", "lbfgs(history_size=10, max_iter=5)"}) {
            CliTestSupport.Result r = CliTestSupport.run("train", "--data", "blobs(n=400, classes=2)", "--model", "linear",
                    "--loss", "log", "--optimizer", opt, "--epochs", "5", "--save", dir.resolve("m.safetensors").toString());
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(Double.parseDouble(r.lastLine().split(" ")[2])).as(opt).isGreaterThan(0.95);
        }
    }

    @Test
    void checkpointsAndResumeContinueTheRun(@TempDir Path dir) throws Exception {
        Path ck = dir.resolve("ck");
        String[] common = {"--data", "moons(n=400)", "--model", "mlp(16)", "--optimizer", "sgd(lr=0.1, momentum=0.9)",
            "--batch-size", "32", "--checkpoint-dir", ck.toString()};
        CliTestSupport.Result straight = CliTestSupport.run(concat(common, "--epochs", "4", "--save",
                dir.resolve("a.safetensors").toString()));
        assertThat(straight.status()).as(straight.err()).isZero();
        // A fresh run over the first one's checkpoint: refused without --overwrite (issue 19).
        CliTestSupport.Result half = CliTestSupport.run(concat(common, "--epochs", "2", "--overwrite", "--save",
                dir.resolve("b.safetensors").toString()));
        assertThat(half.status()).isZero();
        CliTestSupport.Result rest = CliTestSupport.run(concat(common, "--epochs", "4", "--resume", ck.toString(), "--save",
                dir.resolve("b.safetensors").toString()));
        assertThat(rest.status()).as(rest.err()).isZero();
        assertThat(rest.lastLine()).isEqualTo(straight.lastLine());
        assertThat(Files.readAllBytes(dir.resolve("b.safetensors"))).isEqualTo(Files.readAllBytes(dir.resolve("a.safetensors")));
    }

    @Test
    void predictPrintsOneClassPerSample(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.safetensors");
        assertThat(CliTestSupport.run("train", "--data", "blobs(n=300, classes=3)", "--model", "linear", "--epochs", "10",
                "--optimizer", "adam(lr=0.05)", "--save", model.toString()).status()).isZero();
        Path input = dir.resolve("x.csv");
        Files.writeString(input, "x,y\n2,0\n-1,1.7\n-1,-1.7\n");
        CliTestSupport.Result r = CliTestSupport.run("predict", "--load", model.toString(), "--input", input.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().strip().split("\n")).containsExactly("0", "1", "2");
        // More samples than one batch of predictions (1000): every one answered, in order.
        Files.writeString(input, "x,y\n" + "2,0\n-1,1.7\n-1,-1.7\n".repeat(834));
        CliTestSupport.Result many = CliTestSupport.run("predict", "--load", model.toString(), "--input", input.toString());
        assertThat(many.status()).as(many.err()).isZero();
        String[] lines = many.out().strip().split("\n");
        assertThat(lines).hasSize(3 * 834);
        for (int i = 0; i < lines.length; i++) {
            assertThat(lines[i]).as("sample " + i).isEqualTo(String.valueOf(i % 3));
        }
        Files.writeString(input, "1,2\n3,x\n");
        CliTestSupport.Result bad = CliTestSupport.run("predict", "--load", model.toString(), "--input", input.toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("line 2, field 2").contains("'x' is not a number");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length + 1];
        out[0] = "train";
        System.arraycopy(a, 0, out, 1, a.length);
        System.arraycopy(b, 0, out, 1 + a.length, b.length);
        return out;
    }
}
