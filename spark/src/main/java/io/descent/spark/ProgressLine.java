package io.descent.spark;

import java.util.Locale;

/** The one-line summaries of steps and epochs that a run prints. */
final class ProgressLine {
    private ProgressLine() {
    }

    /** e.g. {@code step 40/300 epoch 0 loss 0.6931 | compute 3.1 ms, aggregate 12.4 ms, broadcast 0.8 ms, update 0.2 ms | sent 31.4 kB, received 62.8 kB} */
    static String of(StepRecord r, long totalSteps) {
        return String.format(Locale.ROOT, "step %d/%d epoch %d%s loss %.4f | compute %.1f ms, aggregate %.1f ms, "
                + "broadcast %.1f ms, update %.1f ms (step %.1f ms) | sent %s, received %s", r.step(), totalSteps,
                r.epoch(), r.localSteps() > 1 ? " (" + r.localSteps() + " local steps)" : "", r.loss(), r.computeMs(),
                r.aggregateMs(), r.broadcastMs(), r.updateMs(), r.totalMs(), bytes(r.bytesBroadcast()),
                bytes(r.bytesAggregated()));
    }

    static String of(EpochRecord r) {
        return String.format(Locale.ROOT, "epoch %d done at step %d: loss %.4f%s, %.1f s, shipped %s", r.epoch(),
                r.step(), r.loss(), Double.isNaN(r.metric()) ? "" : String.format(Locale.ROOT, ", metric %.4f", r.metric()),
                r.seconds(), bytes(r.bytesBroadcast() + r.bytesAggregated()));
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
