package io.descent.train;

import io.descent.data.Batch;
import io.descent.data.DataLoader;
import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.tensor.Tensor;
import java.util.Iterator;
import java.util.Map;

/**
 * Minibatches of an in-memory data set: each batch goes through {@code model.forward}, the loss and
 * {@code backward()}, its gradient scaled by the loop's accumulation factor. The loader's position and random state
 * go into checkpoints, so a resumed run sees the batches the interrupted one would have.
 */
public final class MinibatchSource implements StepSource {
    private final Module model;
    private final Loss loss;
    private final DataLoader loader;
    private Iterator<Batch> batches;

    public MinibatchSource(Module model, Loss loss, DataLoader loader) {
        this.model = model;
        this.loss = loss;
        this.loader = loader;
    }

    @Override
    public int batchesPerEpoch() {
        return loader.batchesPerEpoch();
    }

    @Override
    public void beginEpoch(int epoch) {
        batches = loader.iterator();
    }

    @Override
    public boolean hasNext() {
        return batches.hasNext();
    }

    @Override
    public BatchResult next(double gradientScale, StepClock clock) {
        Batch b = batches.next();
        Tensor out = model.forward(b.x());
        Tensor l = loss.apply(out, b.y());
        double value = l.item();
        if (!Double.isFinite(value)) { // no backward through a NaN: the loop reports it as divergence
            return BatchResult.of(value, b.size(), -1);
        }
        long correct = b.isClassification() && out.rank() == 2 ? Metrics.correct(out, b.classes()) : -1;
        (gradientScale == 1 ? l : l.mul(gradientScale)).backward();
        return BatchResult.of(value, b.size(), correct);
    }

    @Override
    public boolean isClassification() {
        return loader.dataset().isClassification();
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("source", "minibatch", "batch_size", Integer.toString(loader.batchSize()));
    }

    @Override
    public void saveState(Map<String, String> metadata) {
        RunState.putLoader(metadata, loader.state());
    }

    @Override
    public void restoreState(String file, Map<String, String> metadata) {
        loader.restore(RunState.loader(file, metadata));
    }
}
