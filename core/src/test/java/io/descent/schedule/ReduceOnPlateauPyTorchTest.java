package io.descent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 9: eps is compared with the change of the learning rate, as PyTorch 1.13 does
 * ({@code if old_lr - new_lr > self.eps} in lr_scheduler.py): from a base rate of 0.1 a metric that never improves
 * takes the rate down to 1e-8 and no further.
 */
class ReduceOnPlateauPyTorchTest {
    private static final int EPOCHS = 14;

    private static final String SCRIPT = """
            import torch
            p = torch.nn.Parameter(torch.zeros(1))
            opt = torch.optim.SGD([p], lr=0.1)
            s = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=0)
            for epoch in range(%d):
                s.step(1.0)
                print(repr(opt.param_groups[0]["lr"]))
            """.formatted(EPOCHS);

    /** PyTorch's rates, from torch when /usr/bin/python3 has it, else from its rule written out here. */
    private static List<Double> pytorchRates(Path dir) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        if (Files.isExecutable(python)) {
            Path script = Files.writeString(dir.resolve("plateau.py"), SCRIPT);
            Path out = dir.resolve("out.txt");
            Process p = new ProcessBuilder(python.toString(), script.toString()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                List<Double> rates = new ArrayList<>();
                for (String line : Files.readAllLines(out)) {
                    rates.add(Double.parseDouble(line.strip()));
                }
                return rates;
            }
            assertThat(Files.readString(out)).as("python3 fails other than for a missing torch")
                    .contains("No module named 'torch'");
        }
        // _reduce_lr: new_lr = max(old_lr * factor, min_lr); if old_lr - new_lr > eps: lr = new_lr.
        List<Double> rates = new ArrayList<>();
        double lr = 0.1;
        for (int e = 0; e < EPOCHS; e++) {
            double next = Math.max(lr * 0.1, 0);
            if (e > 0 && lr - next > 1e-8) { // patience 0: the first epoch sets best, every later one is bad
                lr = next;
            }
            rates.add(lr);
        }
        return rates;
    }

    @Test
    void fromABaseRateOfPointOneTheRateStopsAtOneEMinus8LikePyTorchs(@TempDir Path dir) throws Exception {
        List<Double> torch = pytorchRates(dir);
        ReduceOnPlateau plateau = new ReduceOnPlateau(ReduceOnPlateau.Config.defaults().withPatience(0)).forBaseRate(0.1);
        List<Double> descent = new ArrayList<>();
        for (int e = 0; e < EPOCHS; e++) {
            descent.add(0.1 * plateau.update(1.0));
        }
        assertThat(descent).hasSameSizeAs(torch);
        for (int e = 0; e < EPOCHS; e++) {
            assertThat(descent.get(e)).as("epoch " + (e + 1) + ": torch " + torch + ", descent " + descent)
                    .isCloseTo(torch.get(e), within(torch.get(e) * 1e-9));
        }
        assertThat(descent.get(EPOCHS - 1)).isCloseTo(1e-8, within(1e-20));
    }
}
