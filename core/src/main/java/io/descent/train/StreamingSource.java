package io.descent.train;

import io.descent.data.Batch;
import io.descent.data.RowChunk;
import io.descent.data.SparseBatch;
import io.descent.data.StreamingRows;
import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.tensor.Tensor;
import java.util.Map;

/**
 * Minibatches streamed from a file ({@link StreamingRows}): dense batches go through {@code model.forward}, CSR
 * batches through {@code model.forwardSparse}, never densified. The number of batches of an epoch is known after
 * the first; until then it is reported as {@link Integer#MAX_VALUE} and the epoch ends when the file does.
 * Checkpoints keep the epoch and the batches done; a resume re-reads the epoch up to there.
 */
public final class StreamingSource implements StepSource {
    private final Module model;
    private final Loss loss;
    private final StreamingRows rows;
    private final boolean classification;
    private int batchesPerEpoch = Integer.MAX_VALUE;
    private int epoch;
    private int done;
    private int skip;

    public StreamingSource(Module model, Loss loss, StreamingRows rows, boolean classification) {
        this.model = model;
        this.loss = loss;
        this.rows = rows;
        this.classification = classification;
    }

    @Override
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    @Override
    public void beginEpoch(int e) {
        epoch = e;
        rows.beginEpoch(e, skip);
        done = skip;
        skip = 0;
        pending = rows.fill();
    }

    private int pending;

    @Override
    public boolean hasNext() {
        if (pending == 0 && batchesPerEpoch == Integer.MAX_VALUE) {
            batchesPerEpoch = done;
        }
        return pending > 0;
    }

    @Override
    public BatchResult next(double gradientScale, StepClock clock) {
        int n = pending;
        Tensor out;
        Tensor y;
        int[] cls;
        if (rows.kind() == RowChunk.Kind.SPARSE) {
            SparseBatch b = rows.sparseBatch(n);
            out = model.forwardSparse(b.x());
            y = b.y();
            cls = b.classes();
        } else {
            Batch b = rows.batch(n);
            out = model.forward(b.x());
            y = b.y();
            cls = b.classes();
        }
        Tensor l = loss.apply(out, y);
        double value = l.item();
        done++;
        if (!Double.isFinite(value)) {
            return BatchResult.of(value, n, -1);
        }
        long correct = cls != null && out.rank() == 2 ? Metrics.correct(out, cls) : -1;
        (gradientScale == 1 ? l : l.mul(gradientScale)).backward();
        pending = rows.fill(); // after backward: the batch's buffers are reused
        return BatchResult.of(value, n, correct);
    }

    @Override
    public boolean isClassification() {
        return classification;
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("source", "streaming");
    }

    @Override
    public void saveState(Map<String, String> metadata) {
        metadata.put("stream.epoch", Integer.toString(epoch));
        metadata.put("stream.batches_done", Integer.toString(done));
    }

    @Override
    public void restoreState(String file, Map<String, String> metadata) {
        long d = RunState.longValue(file, metadata, "stream.batches_done");
        if (d < 0 || d > Integer.MAX_VALUE) {
            throw new io.descent.InvalidInputException(file, "entry 'stream.batches_done'", d + ": expected [0, 2^31)");
        }
        skip = (int) d;
    }

    /** The rows streamed so far, for progress lines. */
    public StreamingRows rows() {
        return rows;
    }

    @Override
    public void close() {
        rows.close();
    }
}
