package io.descent.optim;

/**
 * Settings of Newton's method ({@link Newton}).
 *
 * @param lr            alpha, the first step length the line search tries, in (0, inf); default 1 (the full Newton step)
 * @param c1            sufficient decrease of the Armijo condition, in (0, 1); default 1e-4
 * @param backtrack     factor by which the line search shrinks the step, in (0, 1); default 0.5
 * @param maxBacktracks shrinkings tried before the step is given up, at least 0; default 50
 * @param damping       beta of the damping: when H is not positive definite, H + tau I is tried with
 *                      tau = beta max(1, max |H_ij|), doubled until Cholesky succeeds, in (0, inf); default 1e-3
 * @param maxParameters the largest k accepted, at least 1; default {@link Newton#DEFAULT_MAX_PARAMETERS}
 */
public record NewtonConfig(double lr, double c1, double backtrack, int maxBacktracks, double damping,
                           int maxParameters) {

    public NewtonConfig {
        Check.positive("newton", "lr", lr);
        Check.openUnitInterval("newton", "c1", c1);
        Check.openUnitInterval("newton", "backtrack", backtrack);
        Check.atLeast("newton", "max backtracks", maxBacktracks, 0);
        Check.positive("newton", "damping", damping);
        Check.atLeast("newton", "max parameters", maxParameters, 1);
    }

    public static NewtonConfig defaults() {
        return new NewtonConfig(1, 1e-4, 0.5, 50, 1e-3, Newton.DEFAULT_MAX_PARAMETERS);
    }

    public NewtonConfig withLr(double v) {
        return new NewtonConfig(v, c1, backtrack, maxBacktracks, damping, maxParameters);
    }

    public NewtonConfig withC1(double v) {
        return new NewtonConfig(lr, v, backtrack, maxBacktracks, damping, maxParameters);
    }

    public NewtonConfig withBacktrack(double v) {
        return new NewtonConfig(lr, c1, v, maxBacktracks, damping, maxParameters);
    }

    public NewtonConfig withMaxBacktracks(int v) {
        return new NewtonConfig(lr, c1, backtrack, v, damping, maxParameters);
    }

    public NewtonConfig withDamping(double v) {
        return new NewtonConfig(lr, c1, backtrack, maxBacktracks, v, maxParameters);
    }

    public NewtonConfig withMaxParameters(int v) {
        return new NewtonConfig(lr, c1, backtrack, maxBacktracks, damping, v);
    }
}
