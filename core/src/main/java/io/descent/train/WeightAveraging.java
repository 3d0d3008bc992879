package io.descent.train;

import io.descent.InvalidInputException;
import io.descent.data.Dataset;
import io.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a {@link WeightAverage} of the model's parameters during training and puts it into the model when
 * training ends, so that what is evaluated and saved afterwards is the average: stochastic weight averaging
 * (Izmailov et al. 2018) per epoch, or an exponential moving average per optimizer step.
 *
 * <pre>{@code
 * Trainer.builder().callbacks(WeightAveraging.swa(model, 10, 1, train, 128))     // after epochs 11, 12, ...
 * Trainer.builder().callbacks(WeightAveraging.ema(model, 0.999, 0, 1, null, 0))  // after every step
 * }</pre>
 *
 * The average is updated after each step (or epoch) t &gt; start with (t - start) divisible by {@code every};
 * a source that takes several steps per batch updates once for those that passed a due point. When training
 * ends, given the training data, the batch normalization statistics are recomputed for the averaged weights
 * ({@link BatchNormStatistics}). Per-epoch validation measures the trained weights, not the average. The average
 * and its count are saved in checkpoints, so a resumed run goes on averaging where it left off.
 */
public final class WeightAveraging implements Callback {
    private static final String PREFIX = "avg.";

    private final WeightAverage average;
    private final boolean perEpoch;
    private final long start;
    private final long every;
    private final Dataset statisticsData;
    private final int batchSize;
    /** The step (or epoch) count at the last look, to notice the steps taken since. */
    private long seen = -1;
    private int statisticsBatches;
    private String restoredFrom;

    private WeightAveraging(WeightAverage average, boolean perEpoch, long start, long every, Dataset statisticsData,
            int batchSize) {
        if (start < 0) {
            throw new IllegalArgumentException("weight averaging: start = " + start + " must be >= 0");
        }
        if (every < 1) {
            throw new IllegalArgumentException("weight averaging: every = " + every + " must be >= 1");
        }
        if (statisticsData != null && batchSize < 1) {
            throw new IllegalArgumentException("weight averaging: batch size = " + batchSize + " must be >= 1");
        }
        this.average = average;
        this.perEpoch = perEpoch;
        this.start = start;
        this.every = every;
        this.statisticsData = statisticsData;
        this.batchSize = batchSize;
    }

    /**
     * Stochastic weight averaging: equal weights, after each epoch past {@code startEpochs} (every
     * {@code everyEpochs}); at the end batch normalization statistics are recomputed on {@code train} (null: kept).
     */
    public static WeightAveraging swa(io.descent.nn.Module model, long startEpochs, long everyEpochs, Dataset train,
            int batchSize) {
        return new WeightAveraging(WeightAverage.equalWeights(model.namedParameters()), true, startEpochs,
                everyEpochs, train, batchSize);
    }

    /** An exponential moving average with {@code decay}, after each optimizer step past {@code startSteps}. */
    public static WeightAveraging ema(io.descent.nn.Module model, double decay, long startSteps, long everySteps,
            Dataset train, int batchSize) {
        return new WeightAveraging(WeightAverage.exponential(model.namedParameters(), decay), false, startSteps,
                everySteps, train, batchSize);
    }

    public WeightAverage average() {
        return average;
    }

    /** The batches of the pass that recomputed the batch normalization statistics (0: none ran). */
    public int statisticsBatches() {
        return statisticsBatches;
    }

    @Override
    public void onTrainBegin(TrainingContext ctx) {
        if (restoredFrom == null) {
            seen = perEpoch ? ctx.epoch() : ctx.step();
        }
        restoredFrom = null;
    }

    @Override
    public Decision onBatchEnd(TrainingContext ctx, int batch, double loss) {
        if (!perEpoch) {
            catchUp(ctx.step());
        }
        return Decision.CONTINUE;
    }

    @Override
    public Decision onEpochEnd(TrainingContext ctx, EpochRecord record) {
        catchUp(perEpoch ? record.epoch() : ctx.step());   // per step: a last accumulated step after the batches
        return Decision.CONTINUE;
    }

    /** Updates once if a due point t &gt; start, (t - start) % every == 0, lies in (seen, now]. */
    private void catchUp(long now) {
        if (now > seen && now > start && due(now) > due(Math.max(seen, start))) {
            average.update();
        }
        seen = Math.max(seen, now);
    }

    /** The number of due points in (start, t]. */
    private long due(long t) {
        return (t - start) / every;
    }

    @Override
    public void onTrainEnd(TrainingContext ctx) {
        if (average.count() == 0) {
            return;
        }
        average.copyIntoParameters();
        if (statisticsData != null) {
            statisticsBatches = BatchNormStatistics.recompute(ctx.model(), statisticsData, batchSize);
        }
    }

    @Override
    public void saveState(Map<String, Tensor> tensors, Map<String, String> metadata) {
        metadata.put("count", Long.toString(average.count()));
        metadata.put("seen", Long.toString(seen));
        average.averages().forEach((n, t) -> tensors.put(PREFIX + n, t));
    }

    @Override
    public void restoreState(Map<String, Tensor> tensors, Map<String, String> metadata, String source) {
        long count;
        try {
            count = Long.parseLong(metadata.get("count"));
            seen = Long.parseLong(metadata.get("seen"));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(source, "weight averaging state", "missing or not a number", e);
        }
        Map<String, Tensor> saved = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : average.averages().entrySet()) {
            Tensor t = tensors.get(PREFIX + e.getKey());
            if (t == null || t.dtype() != e.getValue().dtype() || !t.shape().equals(e.getValue().shape())) {
                throw new InvalidInputException(source, "weight averaging state", "no average of parameter '"
                        + e.getKey() + "' with its shape " + e.getValue().shape() + " and type " + e.getValue().dtype());
            }
            saved.put(e.getKey(), t);
        }
        if (count < 0) {
            throw new InvalidInputException(source, "weight averaging state", "negative count " + count);
        }
        average.restore(saved, count);
        restoredFrom = source;
    }
}
