package io.descent.cli.lecture;

import java.util.List;
import java.util.Locale;

/**
 * How long the claims' runs still to train should take, said before the first of them starts. A run's work is
 * W = P (3 N_train E + (N_train + N_val + N_test)(E + 1)): P multiply-adds per image (the model's weights), a
 * forward and backward pass (about 3 forwards) per training image and epoch, and one forward pass per image of
 * the three sets at each of the E + 1 measurements. Seconds per unit of work come from runs timed earlier
 * ({@link RunCache#timings}, any budget), and the runs left share {@code parallel} threads:
 * T = (sum_left W) (sum_timed s / sum_timed W) / parallel.
 *
 * <p>It is an estimate: larger matrices run at a higher rate than small ones under BLAS, so an estimate for a
 * larger budget made from a smaller one's timings tends to be too long; threads share two cores, so a parallel of
 * more than the cores does not divide the time further.
 */
final class RunEstimate {
    private RunEstimate() {
    }

    /** W for a model of {@code weights} multiply-adds per image. */
    static double work(long weights, int train, int validation, int test, int epochs) {
        return (double) weights * (3.0 * train * epochs + (double) (train + validation + test) * (epochs + 1));
    }

    /** Seconds for runs of total work {@code left}, from {seconds, work} timings; NaN without timings. */
    static double seconds(double left, List<double[]> timings, int parallel) {
        double s = 0;
        double w = 0;
        for (double[] t : timings) {
            if (t[0] > 0 && t[1] > 0) {
                s += t[0];
                w += t[1];
            }
        }
        return w > 0 ? left * s / w / Math.min(parallel, Runtime.getRuntime().availableProcessors()) : Double.NaN;
    }

    /** "3 h 05 min", "12 min 40 s", "8 s". */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            long min = Math.round(s / 60.0);
            return String.format(Locale.ROOT, "%d h %02d min", min / 60, min % 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }

    /** The line printed before the runs start. */
    static String line(int total, int toTrain, double left, List<double[]> timings, int parallel) {
        String head = String.format(Locale.ROOT, "descent report: claims: %d runs, %d cached, %d to train", total,
                total - toTrain, toTrain);
        if (toTrain == 0) {
            return head;
        }
        double t = seconds(left, timings, parallel);
        if (Double.isNaN(t)) {
            return head + "; no timed runs in runs/ yet, so the ETA follows the first run";
        }
        return head + String.format(Locale.ROOT, "; estimated %s on %d thread%s (from the speed of %d earlier runs "
                + "in runs/, an estimate)", duration(t), parallel, parallel == 1 ? "" : "s", timings.size());
    }
}
