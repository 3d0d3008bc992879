package io.descent.cli;

import io.descent.data.StreamingRows;
import io.descent.train.Decision;
import io.descent.train.EpochRecord;
import io.descent.train.TrainingContext;
import io.descent.train.Callback;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a streamed epoch from the bytes read: rows/s, MB/s and the time left from the file's size, a line
 * every few seconds (rewritten in place on a terminal), and the epoch's totals at its end.
 */
final class StreamProgress implements Callback {
    private static final long EVERY_NANOS = 5_000_000_000L;
    private final PrintWriter out;
    private final StreamingRows rows;
    private final boolean terminal;
    private long epochStart;
    private long bytesAtStart;
    private long rowsAtStart;
    private long lastPrint;

    StreamProgress(PrintWriter out, StreamingRows rows, boolean terminal) {
        this.out = out;
        this.rows = rows;
        this.terminal = terminal;
    }

    @Override
    public void onTrainBegin(TrainingContext ctx) {
        epochStart = System.nanoTime();
        lastPrint = epochStart;
    }

    @Override
    public Decision onBatchEnd(TrainingContext ctx, int batch, double loss) {
        long now = System.nanoTime();
        if (now - lastPrint >= EVERY_NANOS) {
            lastPrint = now;
            out.print((terminal ? "\r" : "") + line(ctx.epoch(), now, true) + (terminal ? "" : "\n"));
            out.flush();
        }
        return Decision.CONTINUE;
    }

    @Override
    public Decision onEpochEnd(TrainingContext ctx, EpochRecord record) {
        out.println((terminal ? "\r" : "") + line(ctx.epoch(), System.nanoTime(), false));
        out.flush();
        bytesAtStart = rows.bytesRead(); // what the next epoch reads is counted from here
        rowsAtStart = rows.rowsServed();
        epochStart = System.nanoTime();
        lastPrint = epochStart;
        return Decision.CONTINUE;
    }

    private String line(int epoch, long now, boolean eta) {
        double s = Math.max(1e-9, (now - epochStart) / 1e9);
        long bytes = rows.bytesRead() - bytesAtStart;
        long total = rows.source().totalBytes();
        String left = "";
        if (eta && bytes > 0) {
            left = String.format(Locale.ROOT, ", %.0f%% of the file, ETA %.0f s", 100.0 * bytes / total,
                    s * Math.max(0, total - bytes) / bytes);
        }
        return String.format(Locale.ROOT, "  epoch %d: %.0f rows/s, %.1f MB/s%s", epoch,
                (rows.rowsServed() - rowsAtStart) / s, bytes / s / (1 << 20), left);
    }
}
