package io.descent.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** One plain line per epoch (for logs and CI): every metric of the epoch's record. */
public final class EpochLogger implements Callback {
    private final PrintStream out;

    public EpochLogger(PrintStream out) {
        this.out = out;
    }

    @Override
    public Decision onEpochEnd(TrainingContext ctx, EpochRecord record) {
        out.println(format(record, ctx.epochs()));
        return Decision.CONTINUE;
    }

    public static String format(EpochRecord record, int epochs) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d", record.epoch(), epochs));
        for (Map.Entry<String, Double> e : record.metrics().entrySet()) {
            sb.append("  ").append(e.getKey()).append(' ').append(formatValue(e.getKey(), e.getValue()));
        }
        return sb.toString();
    }

    private static String formatValue(String name, double v) {
        if (name.equals("seconds")) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        if (name.equals("lr")) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
