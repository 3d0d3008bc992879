package io.descent.spark;

import io.descent.train.Callback;
import io.descent.train.Decision;
import io.descent.train.EpochLogger;
import io.descent.train.EpochRecord;
import io.descent.train.StepRecord;
import io.descent.train.TrainingContext;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The lines a distributed run prints: every {@code every} steps (and at each epoch's last) the step's loss with its
 * compute, aggregation and broadcast time and the bytes shipped, and each epoch's record.
 */
final class SparkProgress implements Callback {
    private final Consumer<String> out;
    private final int every;
    private final long total;

    SparkProgress(Consumer<String> out, int every, long totalSteps) {
        this.out = out;
        this.every = every;
        this.total = totalSteps;
    }

    @Override
    public void onTrainBegin(TrainingContext ctx) {
        if (ctx.resumed()) {
            out.accept(String.format(Locale.ROOT, "resumed from epoch %d, step %d", ctx.epoch(), ctx.step()));
        }
    }

    @Override
    public Decision onBatchEnd(TrainingContext ctx, int batch, double loss) {
        List<StepRecord> steps = ctx.history().steps();
        if (!steps.isEmpty() && (batch % every == 0 || batch == ctx.batchesPerEpoch() || ctx.step() == total)) {
            out.accept(line(steps.get(steps.size() - 1), total));
        }
        return Decision.CONTINUE;
    }

    @Override
    public Decision onEpochEnd(TrainingContext ctx, EpochRecord record) {
        out.accept(EpochLogger.format(record, ctx.epochs()));
        return Decision.CONTINUE;
    }

    /** e.g. {@code step 40/300 epoch 1 loss 0.6931 | compute 3.1 ms, aggregate 12.4 ms, broadcast 0.8 ms (step 17.0 ms) | sent 31.4 kB, received 62.8 kB} */
    static String line(StepRecord r, long totalSteps) {
        double local = r.metrics().getOrDefault("local_steps", 1.0);
        return String.format(Locale.ROOT, "step %d/%d epoch %d%s loss %.4f | compute %.1f ms, aggregate %.1f ms, "
                        + "broadcast %.1f ms (step %.1f ms) | sent %s, received %s", r.step(), totalSteps, r.epoch(),
                local > 1 ? " (" + (long) local + " local steps)" : "", r.get("loss"), r.get("compute_ms"),
                r.get("aggregate_ms"), r.get("broadcast_ms"), r.get("total_ms"), bytes((long) r.get("bytes_broadcast")),
                bytes((long) r.get("bytes_aggregated")));
    }

    static String bytes(long b) {
        if (b < 1000) {
            return b + " B";
        }
        if (b < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", b / 1e3);
        }
        if (b < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", b / 1e9);
    }
}
