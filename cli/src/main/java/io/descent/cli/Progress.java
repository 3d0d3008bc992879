package io.descent.cli;

import io.descent.train.Callback;
import io.descent.train.Decision;
import io.descent.train.EpochLogger;
import io.descent.train.EpochRecord;
import io.descent.train.TrainingContext;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training as it goes: on a terminal a progress bar per epoch with batches per second, the running
 * loss and the time left; otherwise (CI, logs) one plain line per epoch.
 */
final class Progress implements Callback {
    private final PrintWriter out;
    private final boolean terminal;
    private ProgressBar bar;
    private double lossSum;
    private int batches;

    Progress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    static Progress forConsole(PrintWriter out) {
        return new Progress(out, System.console() != null);
    }

    @Override
    public void onTrainBegin(TrainingContext ctx) {
        if (ctx.resumed()) {
            out.printf(Locale.ROOT, "resumed from epoch %d, step %d%n", ctx.epoch(), ctx.step());
            out.flush();
        }
    }

    @Override
    public Decision onBatchEnd(TrainingContext ctx, int batch, double loss) {
        if (!terminal) {
            return Decision.CONTINUE;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", ctx.epoch(), ctx.epochs()))
                    .setInitialMax(ctx.batchesPerEpoch()).setStyle(ProgressBarStyle.ASCII).setUnit(" batches", 1)
                    .showSpeed().setMaxRenderedLength(110).build();
            lossSum = 0;
            batches = 0;
        }
        lossSum += loss;
        batches++;
        bar.stepTo(batch);
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", lossSum / batches));
        return Decision.CONTINUE;
    }

    @Override
    public Decision onEpochEnd(TrainingContext ctx, EpochRecord record) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        out.println(EpochLogger.format(record, ctx.epochs()));
        out.flush();
        return Decision.CONTINUE;
    }

    @Override
    public void onTrainEnd(TrainingContext ctx) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
