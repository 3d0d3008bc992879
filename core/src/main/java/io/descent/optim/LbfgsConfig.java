package io.descent.optim;

/**
 * Settings of L-BFGS ({@link Lbfgs}), PyTorch's defaults.
 *
 * @param lr              eta, the initial step length of each iteration (of the first, eta min(1, 1/|g|_1)), in (0, inf); default 1
 * @param maxIter         iterations per {@code step()}, at least 1; default 20
 * @param maxEval         function evaluations per {@code step()}, at least 1; default maxIter * 5 / 4
 * @param toleranceGrad   stop when max |g_i| is at most this, in [0, inf); default 1e-7
 * @param toleranceChange stop when a step or a change of the loss is below this, in [0, inf); default 1e-9
 * @param historySize     pairs (s, y) kept, at least 1; default 100
 * @param strongWolfe     search along each direction for a step meeting the strong Wolfe conditions
 *                        (PyTorch's {@code line_search_fn='strong_wolfe'}); otherwise step eta; default false
 */
public record LbfgsConfig(double lr, int maxIter, int maxEval, double toleranceGrad, double toleranceChange,
                          int historySize, boolean strongWolfe) {

    public LbfgsConfig {
        Check.positive("lbfgs", "lr", lr);
        Check.atLeast("lbfgs", "max iter", maxIter, 1);
        Check.atLeast("lbfgs", "max eval", maxEval, 1);
        Check.nonNegative("lbfgs", "tolerance grad", toleranceGrad);
        Check.nonNegative("lbfgs", "tolerance change", toleranceChange);
        Check.atLeast("lbfgs", "history size", historySize, 1);
    }

    public static LbfgsConfig defaults() {
        return new LbfgsConfig(1, 20, 20 * 5 / 4, 1e-7, 1e-9, 100, false);
    }

    public LbfgsConfig withLr(double v) {
        return new LbfgsConfig(v, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, strongWolfe);
    }

    /** Sets maxIter and, as PyTorch does when max_eval is not given, maxEval to maxIter * 5 / 4 (at least 1). */
    public LbfgsConfig withMaxIter(int v) {
        return new LbfgsConfig(lr, v, Math.max(1, v * 5 / 4), toleranceGrad, toleranceChange, historySize, strongWolfe);
    }

    public LbfgsConfig withMaxEval(int v) {
        return new LbfgsConfig(lr, maxIter, v, toleranceGrad, toleranceChange, historySize, strongWolfe);
    }

    public LbfgsConfig withToleranceGrad(double v) {
        return new LbfgsConfig(lr, maxIter, maxEval, v, toleranceChange, historySize, strongWolfe);
    }

    public LbfgsConfig withToleranceChange(double v) {
        return new LbfgsConfig(lr, maxIter, maxEval, toleranceGrad, v, historySize, strongWolfe);
    }

    public LbfgsConfig withHistorySize(int v) {
        return new LbfgsConfig(lr, maxIter, maxEval, toleranceGrad, toleranceChange, v, strongWolfe);
    }

    public LbfgsConfig withStrongWolfe(boolean v) {
        return new LbfgsConfig(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, v);
    }
}
