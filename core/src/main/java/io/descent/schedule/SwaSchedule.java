package io.descent.schedule;

/**
 * The learning rate of stochastic weight averaging, {@code torch.optim.swa_utils.SWALR} of PyTorch 1.13, as a
 * factor of the base rate per epoch: before epoch {@code start} the schedule {@code before}; from it on, the
 * factor anneals from f_0 = before(start) to the SWA factor f_swa (swa_lr / base lr) over {@code annealEpochs}
 * epochs and stays there. In SWA epoch i = 0, 1, ... (epoch start + i), with t = min(1, (i + 1) / max(1, K)),
 *
 * <pre>
 *   f = f_swa alpha(t) + f_0 (1 - alpha(t)),   alpha(t) = (1 - cos(pi t)) / 2  (cos)   or   t  (linear)
 * </pre>
 *
 * which is the rate SWALR sets after its (i + 1)-th {@code step()}; K = 0 jumps to f_swa at once. Its {@code at}
 * is a function of t alone, unlike SWALR's recursion through the group's current rate, which it equals when
 * nothing else sets the rate during SWA.
 */
public final class SwaSchedule implements Schedule {
    private final Schedule before;
    private final long start;
    private final double swaFactor;
    private final int annealEpochs;
    private final boolean cosine;

    /**
     * @param before       the schedule of the epochs before SWA (a constant 1 for none)
     * @param start        the first SWA epoch (0-based), at least 0
     * @param swaFactor    f_swa, at least 0
     * @param annealEpochs K, at least 0
     * @param cosine       cosine annealing (PyTorch's default) or linear
     */
    public SwaSchedule(Schedule before, long start, double swaFactor, int annealEpochs, boolean cosine) {
        Require.atLeast("swa", "start", start, 0);
        Require.inRange("swa", "swa factor", swaFactor, 0, Double.MAX_VALUE, "[0, inf)");
        Require.atLeast("swa", "anneal_epochs", annealEpochs, 0);
        this.before = before;
        this.start = start;
        this.swaFactor = swaFactor;
        this.annealEpochs = annealEpochs;
        this.cosine = cosine;
    }

    @Override
    public double at(long t) {
        Require.step(t);
        if (t < start) {
            return before.at(t);
        }
        double progress = Math.min(1, (double) (t - start + 1) / Math.max(1, annealEpochs));
        double alpha = cosine ? (1 - Math.cos(Math.PI * progress)) / 2 : progress;
        return swaFactor * alpha + before.at(start) * (1 - alpha);
    }

    @Override
    public String toString() {
        return "swa(start=" + start + ", factor=" + swaFactor + ", anneal_epochs=" + annealEpochs + ", "
                + (cosine ? "cos" : "linear") + ", before " + before + ")";
    }
}
