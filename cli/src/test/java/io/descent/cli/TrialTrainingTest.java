package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.io.CheckpointFile;
import io.descent.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialTrainingTest {
    private static TaskOptions.Prepared moons() {
        TaskOptions task = new TaskOptions();
        task.data = "moons(n=300)";
        task.model = "mlp(16)";
        task.batchSize = 32;
        task.seed = 3;
        task.validationSplit = 0.2;
        return task.prepare();
    }

    @Test
    void aTrialContinuedFromItsCheckpointEqualsOneTrainedStraight(@TempDir Path dir) throws Exception {
        TaskOptions.Prepared p = moons();
        for (String opt : new String[] {"adam(lr=0.01)", "sgd(lr=0.1, momentum=0.9)"}) {
            TrialConfig c = TrialConfig.of(0, opt, p.options(), Map.of("batch_size", "16"));
            Path straight = dir.resolve(c.optimizer().hashCode() + "-straight.safetensors");
            Path one = dir.resolve(c.optimizer().hashCode() + "-1.safetensors");
            Path three = dir.resolve(c.optimizer().hashCode() + "-3.safetensors");
            TaskRun direct = TrialTraining.segment(p, c, null, 3, straight);
            TrialTraining.segment(p, c, null, 1, one);
            TaskRun continued = TrialTraining.segment(p, c, one, 3, three);

            assertThat(continued.history().size()).isEqualTo(3);
            for (String metric : new String[] {"train_loss", "val_loss", "val_accuracy"}) {
                assertThat(continued.history().series(metric)).as(metric).containsExactly(direct.history().series(metric));
            }
            CheckpointFile.Contents a = CheckpointFile.read(straight);
            CheckpointFile.Contents b = CheckpointFile.read(three);
            assertSameTensors(a.model(), b.model());
            assertSameTensors(a.optimizer().tensors(), b.optimizer().tensors());
            assertThat(a.model()).isNotEmpty();
        }
    }

    @Test
    void aTrialTrainedLongerChangesItsWeights(@TempDir Path dir) throws Exception {
        TaskOptions.Prepared p = moons();
        TrialConfig c = TrialConfig.of(0, "adam(lr=0.01)", p.options(), Map.of());
        TrialTraining.segment(p, c, null, 1, dir.resolve("1.safetensors"));
        TrialTraining.segment(p, c, null, 2, dir.resolve("2.safetensors"));
        Map<String, Tensor> one = CheckpointFile.read(dir.resolve("1.safetensors")).model();
        Map<String, Tensor> two = CheckpointFile.read(dir.resolve("2.safetensors")).model();
        String name = one.keySet().iterator().next();
        assertThat(two.get(name).toFloatArray()).isNotEqualTo(one.get(name).toFloatArray());
    }

    private static void assertSameTensors(Map<String, Tensor> a, Map<String, Tensor> b) {
        assertThat(b.keySet()).isEqualTo(a.keySet());
        a.forEach((name, t) -> assertThat(b.get(name).toFloatArray()).as(name).containsExactly(t.toFloatArray()));
    }
}
