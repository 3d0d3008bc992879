package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.io.CheckpointFile;
import io.descent.io.ModelFile;
import io.descent.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** descent train --swa and --ema: the saved model is the average, resumable, and bad settings are named. */
class WeightAveragingCommandTest {

    private static String[] train(String... more) {
        String[] common = {"train", "--data", "moons(n=400)", "--model", "mlp(16, batchnorm=true)", "--optimizer",
            "sgd(lr=0.1, momentum=0.9)", "--batch-size", "32"};
        String[] all = Arrays.copyOf(common, common.length + more.length);
        System.arraycopy(more, 0, all, common.length, more.length);
        return all;
    }

    private static double[] weight(Map<String, Tensor> state) {
        return state.get("0.weight").toDoubleArray();
    }

    @Test
    void swaSavesTheAverageWithRecomputedStatisticsAndResumesExactly(@TempDir Path dir) throws Exception {
        Path ck = dir.resolve("ck");
        Path saved = dir.resolve("swa.safetensors");
        CliTestSupport.Result r = CliTestSupport.run(train("--epochs", "5", "--swa", "start=2,lr=0.02,anneal_epochs=2",
                "--checkpoint-dir", ck.toString(), "--save", saved.toString()));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("weights: the equal-weight average of 3 epoch ends (SWA), batch-norm statistics "
                + "recomputed over");
        // SWALR from epoch 3: halfway (cos) to 0.02 in epoch 3, there from epoch 4 on.
        assertThat(r.out().lines().filter(l -> l.startsWith("epoch ")).map(l -> l.replaceAll(".*  lr (\\S+) .*", "$1")))
                .containsExactly("0.100", "0.100", "0.0600", "0.0200", "0.0200");
        CliTestSupport.Result eval = CliTestSupport.run("eval", "--load", saved.toString(), "--data", "moons(n=400)");
        assertThat(eval.lastLine()).isEqualTo(r.lastLine());
        assertThat(Double.parseDouble(r.lastLine().split(" ")[2])).isGreaterThan(0.8);
        Map<String, Tensor> model = ModelFile.load(saved).stateDict();
        Map<String, Tensor> last = CheckpointFile.read(ck.resolve("last.safetensors")).model();
        assertThat(weight(model)).as("the average, not the last weights").isNotEqualTo(weight(last));
        assertThat(model.get("1.num_batches_tracked").item()).as("one pass over 288 rows in batches of 32")
                .isEqualTo(9.0);

        Path ck2 = dir.resolve("ck2");
        assertThat(CliTestSupport.run(train("--epochs", "3", "--swa", "start=2,lr=0.02,anneal_epochs=2",
                "--checkpoint-dir", ck2.toString(), "--save", dir.resolve("half.safetensors").toString())).status())
                .isZero();
        Path resumed = dir.resolve("resumed.safetensors");
        CliTestSupport.Result rest = CliTestSupport.run(train("--epochs", "5", "--swa", "start=2,lr=0.02,anneal_epochs=2",
                "--checkpoint-dir", ck2.toString(), "--resume", ck2.toString(), "--save", resumed.toString()));
        assertThat(rest.status()).as(rest.err()).isZero();
        assertThat(ModelFile.load(resumed).stateDict()).allSatisfy((n, t) ->
                assertThat(t.toDoubleArray()).as(n).containsExactly(model.get(n).toDoubleArray()));
    }

    @Test
    void emaSavesTheMovingAverage(@TempDir Path dir) throws Exception {
        Path ck = dir.resolve("ck");
        Path saved = dir.resolve("ema.safetensors");
        CliTestSupport.Result r = CliTestSupport.run("train", "--data", "moons(n=400)", "--model", "mlp(16)",
                "--optimizer", "adam(lr=0.01)", "--batch-size", "32", "--epochs", "3", "--ema", "decay=0.9,start=5", "--checkpoint-dir",
                ck.toString(), "--save", saved.toString());
        assertThat(r.status()).as(r.err()).isZero();
        // 288 rows in batches of 32: 9 steps per epoch, 27 in all, averaged after steps 6 to 27.
        assertThat(r.out()).contains("weights: the exponential moving average over 22 steps (EMA, decay 0.9)");
        assertThat(weight(ModelFile.load(saved).stateDict()))
                .isNotEqualTo(weight(CheckpointFile.read(ck.resolve("last.safetensors")).model()));
    }

    @Test
    void badSettingsAreNamed(@TempDir Path dir) {
        String save = dir.resolve("m.safetensors").toString();
        expectError(new String[] {"--swa", "start=2"}, "--swa", "lr=SWA_LR", save);
        expectError(new String[] {"--swa", "start=9,lr=0.1"}, "--swa", "no epoch would be averaged", save);
        expectError(new String[] {"--swa", "start=1,lr=-1"}, "--swa", "expected a learning rate >= 0", save);
        expectError(new String[] {"--swa", "start=1,lr=0.1,anneal=exp"}, "--swa", "expected cos or linear", save);
        expectError(new String[] {"--swa", "start=1,lr=0.1,ever=2"}, "--swa", "unknown key 'ever'", save);
        expectError(new String[] {"--ema", "decay=1"}, "--ema", "[0, 1)", save);
        expectError(new String[] {"--ema", "decay=0.9,every=0"}, "--ema", "every = 0", save);
        expectError(new String[] {"--ema", "decay=0.9", "--swa", "start=1,lr=0.1"}, "--swa", "not both", save);
        expectError(new String[] {"--ema", "decay=0.9", "--early-stopping", "val_loss"}, "--ema", "--early-stopping",
                save);
        expectError(new String[] {"--swa", "start=1,lr=0.1", "--schedule", "warmup(steps=10, unit=step)"}, "--swa",
                "unit=epoch", save);
    }

    @Test
    void scheduleFreeOptimizersRefuseAnotherAverage(@TempDir Path dir) {
        CliTestSupport.Result r = CliTestSupport.run("train", "--data", "moons(n=400)", "--optimizer",
                "sgd_schedulefree", "--epochs", "4", "--ema", "decay=0.99", "--save", dir.resolve("m").toString());
        assertThat(r.status()).isNotZero();
        assertThat(r.err()).contains("--ema").contains("sgd_schedulefree already evaluates at an average");
    }

    private static void expectError(String[] options, String option, String message, String save) {
        String[] base = {"--epochs", "4", "--save", save};
        String[] all = Arrays.copyOf(base, base.length + options.length);
        System.arraycopy(options, 0, all, base.length, options.length);
        CliTestSupport.Result r = CliTestSupport.run(train(all));
        assertThat(r.status()).as(String.join(" ", options)).isNotZero();
        assertThat(r.err()).as(String.join(" ", options)).contains(option).contains(message);
        assertThat(r.err().strip().lines().count()).as("one line: " + r.err()).isEqualTo(1);
    }
}
