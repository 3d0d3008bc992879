package io.descent.optim;

/**
 * Settings of saddle-free Newton ({@link SaddleFreeNewton}). Spec syntax:
 * {@code saddle_free(krylov=20, damping=1e-3, lr=1, line_search=true, absolute=true)}.
 *
 * @param krylov     m, the Lanczos steps: the dimension of the Krylov subspace, at least 1; default 20
 * @param damping    added to every |theta_i| before dividing, at least 0; default 1e-3
 * @param lr         the first step length tried, in (0, inf); default 1 (the full step)
 * @param lineSearch whether to backtrack (halving, at most 30 times) until Armijo's
 *                   f(w + t d) &lt;= f(w) + 1e-4 t g'd holds; false takes t = lr; default true
 * @param absolute   |theta_i| (saddle-free) or theta_i itself (false: Newton's step restricted to the subspace,
 *                   drawn to saddles; for comparison); default true
 */
public record SaddleFreeConfig(int krylov, double damping, double lr, boolean lineSearch, boolean absolute) {
    static final int MAX_BACKTRACKS = 30;
    static final double C1 = 1e-4;

    public SaddleFreeConfig {
        Check.atLeast("saddle_free", "krylov", krylov, 1);
        Check.nonNegative("saddle_free", "damping", damping);
        Check.positive("saddle_free", "lr", lr);
    }

    public static SaddleFreeConfig defaults() {
        return new SaddleFreeConfig(20, 1e-3, 1, true, true);
    }

    public SaddleFreeConfig withKrylov(int v) {
        return new SaddleFreeConfig(v, damping, lr, lineSearch, absolute);
    }

    public SaddleFreeConfig withDamping(double v) {
        return new SaddleFreeConfig(krylov, v, lr, lineSearch, absolute);
    }

    public SaddleFreeConfig withLr(double v) {
        return new SaddleFreeConfig(krylov, damping, v, lineSearch, absolute);
    }

    public SaddleFreeConfig withLineSearch(boolean v) {
        return new SaddleFreeConfig(krylov, damping, lr, v, absolute);
    }

    public SaddleFreeConfig withAbsolute(boolean v) {
        return new SaddleFreeConfig(krylov, damping, lr, lineSearch, v);
    }
}
