package io.descent.cli;

import io.descent.data.Batch;
import io.descent.data.DataLoader;
import io.descent.data.Dataset;
import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.optim.Group;
import io.descent.optim.Optimizer;
import io.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * The learning-rate range test (Smith 2017, "Cyclical learning rates", section 3.3; fastai's {@code lr_find}):
 * train for {@code steps} minibatches while the rate grows exponentially from {@code startLr} to {@code endLr},
 *
 * <pre>
 *   lr_k = start (end / start)^(k / (steps - 1)),      k = 0 .. steps - 1,
 * </pre>
 *
 * record each batch's loss and its exponentially weighted average with bias correction
 * ({@code avg_k = beta avg_{k-1} + (1 - beta) loss_k}, smoothed {@code = avg_k / (1 - beta^(k+1))}), and stop
 * early once the smoothed loss exceeds 4 times the best seen (or a loss is not finite).
 *
 * <p>The suggested rate is the rate at the steepest descent of the smoothed loss: where its slope against
 * {@code log10(lr)} (central differences) is most negative, looking only at the points after the first tenth of
 * the steps (where the average is still warming up, as fastai skips them) and up to the smoothed minimum. fastai
 * suggests the same point; its older rule, the rate of the minimum divided by 10, is reported too.
 */
final class LrRangeTest {
    /** The smoothed loss may grow to this multiple of its best before the test stops. */
    static final double BLOW_UP = 4;

    /**
     * @param lrs      the rate of each recorded step
     * @param losses   the batch losses
     * @param smoothed their bias-corrected exponential average
     * @param stopped  why the test ended before its last step, or null
     */
    record Result(double[] lrs, double[] losses, double[] smoothed, String stopped) {
        int minimum() {
            int best = 0;
            for (int k = 1; k < smoothed.length; k++) {
                if (smoothed[k] < smoothed[best]) {
                    best = k;
                }
            }
            return best;
        }

        /** The step of steepest descent of the smoothed loss before its minimum, or -1 when it never fell. */
        int steepest() {
            return LrRangeTest.steepest(lrs, smoothed, lrs.length / 10, minimum());
        }
    }

    private LrRangeTest() {
    }

    static Result run(Module model, Loss loss, Optimizer optimizer, Dataset train, int batchSize, long seed,
            double startLr, double endLr, int steps, double beta) {
        double[] lrs = new double[steps];
        double[] losses = new double[steps];
        double[] smoothed = new double[steps];
        if (train.size() == 0) {
            throw new IllegalArgumentException("the learning-rate range test needs training data; the set is empty");
        }
        DataLoader loader = new DataLoader(train, batchSize, true, false, seed);
        model.train(true);
        double avg = 0;
        double best = Double.POSITIVE_INFINITY;
        int k = 0;
        String stopped = null;
        outer:
        while (k < steps) {
            for (Batch b : loader) {
                double lr = steps == 1 ? startLr : startLr * Math.pow(endLr / startLr, (double) k / (steps - 1));
                for (Group g : optimizer.groups()) {
                    g.setLr(lr);
                }
                optimizer.zeroGrad();
                Tensor l = loss.apply(model.forward(b.x()), b.y());
                double value = l.item();
                lrs[k] = lr;
                losses[k] = value;
                avg = beta * avg + (1 - beta) * value;
                smoothed[k] = avg / (1 - Math.pow(beta, k + 1));
                k++;
                if (!Double.isFinite(value)) {
                    stopped = "the loss is " + value + " at lr " + TextTable.text(lr);
                    break outer;
                }
                if (smoothed[k - 1] > BLOW_UP * best) {
                    stopped = "the smoothed loss passed " + (int) BLOW_UP + "x its best at lr " + TextTable.text(lr);
                    break outer;
                }
                best = Math.min(best, smoothed[k - 1]);
                if (k == steps) {
                    break outer;
                }
                l.backward();
                optimizer.step();
            }
        }
        model.train(true);
        return new Result(Arrays.copyOf(lrs, k), Arrays.copyOf(losses, k), Arrays.copyOf(smoothed, k), stopped);
    }

    /**
     * The index in {@code [from, end]} where {@code y} falls fastest against {@code log10(x)} (central differences
     * inside, one-sided at the ends of the arrays), or -1 when it falls nowhere there.
     */
    static int steepest(double[] x, double[] y, int from, int end) {
        int best = -1;
        double bestSlope = 0;
        for (int k = from; k <= end && y.length > 1; k++) {
            int a = Math.max(0, k - 1);
            int b = Math.min(y.length - 1, k + 1);
            double slope = (y[b] - y[a]) / (Math.log10(x[b]) - Math.log10(x[a]));
            if (slope < bestSlope) {
                bestSlope = slope;
                best = k;
            }
        }
        return best;
    }
}
