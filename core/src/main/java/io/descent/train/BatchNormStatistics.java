package io.descent.train;

import io.descent.autograd.GradMode;
import io.descent.data.Batch;
import io.descent.data.DataLoader;
import io.descent.data.Dataset;
import io.descent.nn.BatchNorm;
import io.descent.nn.Module;
import java.util.ArrayList;
import java.util.List;

/**
 * Recomputes the running statistics of every batch normalization layer of a model for its current weights, as
 * {@code torch.optim.swa_utils.update_bn} of PyTorch 1.13: each layer's statistics are reset (mean 0, variance 1),
 * then one pass over the data in training mode, without gradients, updates them by the cumulative average over
 * the batches (PyTorch's {@code momentum=None}: factor 1 / k at the k-th batch), and the layers get their momentum
 * and the model its mode back. Averaged weights need it: the statistics the training left belong to other weights.
 * Dropout layers are active during the pass, as in PyTorch.
 */
public final class BatchNormStatistics {
    private BatchNormStatistics() {
    }

    /** The batch normalization layers of {@code model}, in registration order. */
    public static List<BatchNorm> layers(Module model) {
        List<BatchNorm> out = new ArrayList<>();
        collect(model, out);
        return out;
    }

    private static void collect(Module m, List<BatchNorm> out) {
        if (m instanceof BatchNorm bn) {
            out.add(bn);
        }
        m.children().values().forEach(c -> collect(c, out));
    }

    /**
     * One pass over {@code data} in batches of {@code batchSize}, in order; a last batch of a single row is left
     * out (batch normalization needs two values per channel). Returns the number of batches, 0 when the model
     * has no batch normalization (then nothing is read).
     */
    public static int recompute(Module model, Dataset data, int batchSize) {
        List<BatchNorm> layers = layers(model);
        if (layers.isEmpty()) {
            return 0;
        }
        boolean wasTraining = model.isTraining();
        for (BatchNorm bn : layers) {
            bn.resetRunningStatistics();
            bn.cumulativeAverage(true);
        }
        int batches = 0;
        model.train(true);
        try (var scope = GradMode.disabled()) {
            boolean dropLast = data.size() > 1 && data.size() % batchSize == 1;
            for (Batch b : new DataLoader(data, batchSize, false, dropLast, 0)) {
                model.forward(b.x());
                batches++;
            }
        } finally {
            for (BatchNorm bn : layers) {
                bn.cumulativeAverage(false);
            }
            model.train(wasTraining);
        }
        return batches;
    }
}
