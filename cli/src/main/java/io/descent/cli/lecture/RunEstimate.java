package io.descent.cli.lecture;

import java.util.List;
import java.util.Locale;

/**
 * How long the claims' runs still to train should take, said before the first of them starts. A run's work is
 * W = P (3 N_train E + (N_train + N_val + N_test)(E + 1)): P multiply-adds per image (the model's weights), a
 * forward and backward pass (about 3 forwards) per training image and epoch, and one forward pass per image of
 * the three sets at each of the E + 1 measurements. Seconds per unit of work come from runs timed earlier
 * ({@link RunCache#timings}, any budget; a run's seconds are its wall time over the runs that shared the machine
 * with it), so T = (sum_left W) (sum_timed s / sum_timed W). That assumes the machine does the same work per second
 * however many runs share it: on two cores, with BLAS already using both, {@code --parallel 2} was measured no
 * faster than one run at a time (the standard claims table: 10 s against 9 s).
 *
 * <p>It is an estimate: larger matrices run at a higher rate than small ones under BLAS, so an estimate for a
 * larger budget made from a smaller one's timings tends to be too long.
 */
final class RunEstimate {
    private RunEstimate() {
    }

    /** W for a model of {@code weights} multiply-adds per image. */
    static double work(long weights, int train, int validation, int test, int epochs) {
        return (double) weights * (3.0 * train * epochs + (double) (train + validation + test) * (epochs + 1));
    }

    /** Seconds for runs of total work {@code left}, from {seconds, work} timings; NaN without timings. */
    static double seconds(double left, List<double[]> timings) {
        double s = 0;
        double w = 0;
        for (double[] t : timings) {
            if (t[0] > 0 && t[1] > 0) {
                s += t[0];
                w += t[1];
            }
        }
        return w > 0 ? left * s / w : Double.NaN;
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
    static String line(int total, int toTrain, double left, List<double[]> timings) {
        String head = String.format(Locale.ROOT, "descent report: claims: %d runs, %d cached, %d to train", total,
                total - toTrain, toTrain);
        if (toTrain == 0) {
            return head;
        }
        double t = seconds(left, timings);
        if (Double.isNaN(t)) {
            return head + "; no timed runs in runs/ yet, so the ETA follows the first run";
        }
        return head + String.format(Locale.ROOT, "; estimated %s (at the speed of %d earlier runs in runs/; an "
                + "estimate)", duration(t), timings.size());
    }
}
