package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.io.ModelFile;
import io.descent.nn.Module;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** descent train with a schedule-free optimizer: checkpoints hold y (and z), the saved model x. */
class ScheduleFreeCommandTest {

    private static String[] args(Path dir, String... more) {
        String[] common = {"train", "--data", "moons(n=400)", "--model", "mlp(16)", "--optimizer",
            "adamw_schedulefree(lr=0.02, warmup_steps=10, weight_decay=1e-3)", "--batch-size", "32"};
        String[] all = Arrays.copyOf(common, common.length + more.length);
        System.arraycopy(more, 0, all, common.length, more.length);
        return all;
    }

    @Test
    void theSavedModelIsTheAverageAndAResumedRunEndsAtTheSameOne(@TempDir Path dir) throws Exception {
        Path ck = dir.resolve("ck");
        Path straight = dir.resolve("straight.safetensors");
        CliTestSupport.Result r = CliTestSupport.run(args(dir, "--epochs", "4", "--checkpoint-dir", ck.toString(),
                "--save", straight.toString()));
        assertThat(r.status()).as(r.err()).isZero();
        CliTestSupport.Result eval = CliTestSupport.run("eval", "--load", straight.toString(), "--data", "moons(n=400)");
        assertThat(eval.lastLine()).isEqualTo(r.lastLine());
        assertThat(Double.parseDouble(r.lastLine().split(" ")[2])).isGreaterThan(0.8);
        // The checkpoint after the last epoch holds the training point y, the saved model x: they differ.
        Module saved = ModelFile.load(straight);
        java.util.Map<String, io.descent.tensor.Tensor> checkpointed = io.descent.io.CheckpointFile.read(ck.resolve("last.safetensors")).model();
        assertThat(saved.stateDict().get("0.weight").toDoubleArray())
                .isNotEqualTo(checkpointed.get("0.weight").toDoubleArray());

        Path ck2 = dir.resolve("ck2");
        CliTestSupport.Result half = CliTestSupport.run(args(dir, "--epochs", "2", "--checkpoint-dir", ck2.toString(),
                "--save", dir.resolve("half.safetensors").toString()));
        assertThat(half.status()).as(half.err()).isZero();
        Path resumed = dir.resolve("resumed.safetensors");
        CliTestSupport.Result rest = CliTestSupport.run(args(dir, "--epochs", "4", "--checkpoint-dir", ck2.toString(),
                "--resume", ck2.toString(), "--save", resumed.toString()));
        assertThat(rest.status()).as(rest.err()).isZero();
        assertThat(ModelFile.load(resumed).stateDict().get("0.weight").toDoubleArray())
                .containsExactly(saved.stateDict().get("0.weight").toDoubleArray());
    }
}
