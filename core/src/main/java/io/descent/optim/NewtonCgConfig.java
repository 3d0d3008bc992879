package io.descent.optim;

/**
 * Settings of Hessian-free optimization ({@link NewtonCg}). Spec syntax:
 * {@code newton_cg(damping=1, max_cg=50, cg_tol=1e-4, cg_backtrack=true, gauss_newton=false)}.
 *
 * @param damping      lambda, the initial Levenberg-Marquardt damping, at least 0; default 1 (Martens 2010)
 * @param maxCg        conjugate-gradient iterations per step, at least 1; default 50
 * @param cgTolerance  CG stops when |r| &lt;= cgTolerance |g| (relative residual), in [0, 1); default 1e-4
 * @param cgBacktrack  whether to keep CG's iterates at iterations ceil(1.3^j) and take the last one whose
 *                     f(w + d) is no higher than the next later one's (Martens 2010, section 4.6); default true
 * @param gaussNewton  B = the Gauss-Newton matrix J' H_L J (positive semi-definite) instead of the Hessian;
 *                     default false
 */
public record NewtonCgConfig(double damping, int maxCg, double cgTolerance, boolean cgBacktrack,
                             boolean gaussNewton) {

    public NewtonCgConfig {
        Check.nonNegative("newton_cg", "damping", damping);
        Check.atLeast("newton_cg", "max_cg", maxCg, 1);
        Check.unitInterval("newton_cg", "cg_tol", cgTolerance);
    }

    public static NewtonCgConfig defaults() {
        return new NewtonCgConfig(1, 50, 1e-4, true, false);
    }

    public NewtonCgConfig withDamping(double v) {
        return new NewtonCgConfig(v, maxCg, cgTolerance, cgBacktrack, gaussNewton);
    }

    public NewtonCgConfig withMaxCg(int v) {
        return new NewtonCgConfig(damping, v, cgTolerance, cgBacktrack, gaussNewton);
    }

    public NewtonCgConfig withCgTolerance(double v) {
        return new NewtonCgConfig(damping, maxCg, v, cgBacktrack, gaussNewton);
    }

    public NewtonCgConfig withCgBacktrack(boolean v) {
        return new NewtonCgConfig(damping, maxCg, cgTolerance, v, gaussNewton);
    }

    public NewtonCgConfig withGaussNewton(boolean v) {
        return new NewtonCgConfig(damping, maxCg, cgTolerance, cgBacktrack, v);
    }
}
