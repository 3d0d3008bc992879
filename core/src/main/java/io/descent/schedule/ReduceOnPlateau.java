package io.descent.schedule;

/**
 * Multiplies the learning rate by {@code factor} when the metric has not improved for more than
 * {@code patience} epochs, then waits {@code cooldown} epochs before counting again; never below
 * {@code minFactor}. PyTorch's {@code ReduceLROnPlateau}, on factors of the base rate:
 *
 * <pre>
 *   improved:  min, relative: m &lt; best (1 - threshold)    min, absolute: m &lt; best - threshold
 *              max, relative: m &gt; best (1 + threshold)    max, absolute: m &gt; best + threshold
 *   bad epochs: reset on improvement and during cool-down, else counted; above patience: reduce
 *   reduce:    f &lt;- max(f factor, minFactor), ignored when it changes the learning rate lr0 f by eps or less:
 *              lr0 (f - f') &lt;= eps, PyTorch's old_lr - new_lr &lt;= eps (lr0: {@link #forBaseRate}, else 1)
 * </pre>
 *
 * A NaN metric is refused rather than counted as a bad epoch (DESIGN rule 6). {@link #state()} and
 * {@link #restore} carry it across a checkpoint.
 */
public final class ReduceOnPlateau implements MetricSchedule {

    public enum Mode { MIN, MAX }

    public enum ThresholdMode { RELATIVE, ABSOLUTE }

    /**
     * @param mode          whether the metric should fall (a loss) or rise (an accuracy); default MIN
     * @param factor        multiplier on reduction, in [0, 1); default 0.1
     * @param patience      bad epochs tolerated, at least 0; default 10
     * @param threshold     the least change that counts as improvement, in [0, inf); default 1e-4
     * @param thresholdMode relative or absolute threshold; default RELATIVE
     * @param cooldown      epochs after a reduction during which bad epochs are not counted, at least 0; default 0
     * @param minFactor     the floor, in [0, 1]; default 0
     * @param eps           reductions changing the learning rate by this or less are ignored, in [0, inf); default 1e-8
     */
    public record Config(Mode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode,
                         int cooldown, double minFactor, double eps) {

        public Config {
            Require.inRange("reduce on plateau", "factor", factor, 0, Math.nextDown(1.0), "[0, 1)");
            Require.atLeast("reduce on plateau", "patience", patience, 0);
            Require.inRange("reduce on plateau", "threshold", threshold, 0, Double.MAX_VALUE, "[0, inf)");
            Require.atLeast("reduce on plateau", "cooldown", cooldown, 0);
            Require.inRange("reduce on plateau", "min factor", minFactor, 0, 1, "[0, 1]");
            Require.inRange("reduce on plateau", "eps", eps, 0, Double.MAX_VALUE, "[0, inf)");
        }

        public static Config defaults() {
            return new Config(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.RELATIVE, 0, 0, 1e-8);
        }

        public Config withMode(Mode v) {
            return new Config(v, factor, patience, threshold, thresholdMode, cooldown, minFactor, eps);
        }

        public Config withFactor(double v) {
            return new Config(mode, v, patience, threshold, thresholdMode, cooldown, minFactor, eps);
        }

        public Config withPatience(int v) {
            return new Config(mode, factor, v, threshold, thresholdMode, cooldown, minFactor, eps);
        }

        public Config withThreshold(double v, ThresholdMode m) {
            return new Config(mode, factor, patience, v, m, cooldown, minFactor, eps);
        }

        public Config withCooldown(int v) {
            return new Config(mode, factor, patience, threshold, thresholdMode, v, minFactor, eps);
        }

        public Config withMinFactor(double v) {
            return new Config(mode, factor, patience, threshold, thresholdMode, cooldown, v, eps);
        }
    }

    /** Everything the schedule remembers, for checkpoints. */
    public record State(double factor, double best, int badEpochs, int cooldownCounter, long epochs) {
    }

    private final Config config;
    private double factor = 1;
    private double best;
    private int badEpochs;
    private int cooldownCounter;
    private long epochs;
    private double baseRate = 1;

    public ReduceOnPlateau(Config config) {
        this.config = config;
        this.best = config.mode() == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /**
     * The learning rate the factor multiplies (the trainer gives the optimizer's largest base rate), so that eps
     * compares with the change of the learning rate as in PyTorch: with a base rate of 0.1 and eps 1e-8 the rate
     * stops at 1e-8.
     */
    public ReduceOnPlateau forBaseRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("reduce on plateau: base learning rate " + lr + " must be positive");
        }
        baseRate = lr;
        return this;
    }

    @Override
    public double update(double metric) {
        if (Double.isNaN(metric)) {
            throw new IllegalArgumentException("reduce on plateau: the metric of epoch " + epochs + " is NaN");
        }
        epochs++;
        if (improves(metric)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            badEpochs = 0;
        }
        if (badEpochs > config.patience()) {
            double reduced = Math.max(factor * config.factor(), config.minFactor());
            if (baseRate * factor - baseRate * reduced > config.eps()) { // old_lr - new_lr > eps
                factor = reduced;
            }
            cooldownCounter = config.cooldown();
            badEpochs = 0;
        }
        return factor;
    }

    private boolean improves(double metric) {
        boolean relative = config.thresholdMode() == ThresholdMode.RELATIVE;
        if (config.mode() == Mode.MIN) {
            return relative ? metric < best * (1. - config.threshold()) : metric < best - config.threshold();
        }
        return relative ? metric > best * (config.threshold() + 1.) : metric > best + config.threshold();
    }

    @Override
    public double factor() {
        return factor;
    }

    public State state() {
        return new State(factor, best, badEpochs, cooldownCounter, epochs);
    }

    public void restore(State s) {
        factor = s.factor();
        best = s.best();
        badEpochs = s.badEpochs();
        cooldownCounter = s.cooldownCounter();
        epochs = s.epochs();
    }
}
