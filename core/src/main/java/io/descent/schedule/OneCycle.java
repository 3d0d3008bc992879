package io.descent.schedule;

/**
 * The one-cycle policy (Smith 2018, "A disciplined approach to neural network hyper-parameters"; Smith and
 * Topin 2019, "Super-convergence"), PyTorch 1.13's {@code OneCycleLR} with two phases, as a factor of the
 * peak rate (the optimizer's learning rate is max_lr): up from 1/d to 1 over the first p of the T steps,
 * then down to 1/(d f), each by a cosine (or linear) anneal, momentum cycling the opposite way:
 *
 * <pre>
 *   e_1 = p T - 1,  e_2 = T - 1                      (PyTorch's phase ends, as doubles)
 *   anneal(a, b, s) = b + (a - b) / 2 (1 + cos(pi s))        cos;   linear: (b - a) s + a
 *   t &lt;= e_1:  factor(t) = anneal(1/d, 1, t / e_1),            momentum(t) = anneal(m_max, m_base, t / e_1)
 *   t &gt; e_1:   factor(t) = anneal(1, 1/(d f), (t - e_1) / (e_2 - e_1)),  momentum(t) = anneal(m_base, m_max, ...)
 * </pre>
 *
 * After step T (where PyTorch raises an error) the factor stays at 1/(d f) and the momentum at m_max.
 * {@link #momentumAt} is the cycle of the momentum (SGD's momentum, Adam's beta1) that PyTorch sets along.
 *
 * @param totalSteps      T, at least 2
 * @param pctStart        p, the share of the rise, in (0, 1)
 * @param divFactor       d: the start is max_lr / d; at least 1 (default 25)
 * @param finalDivFactor  f: the end is max_lr / (d f); at least 1 (default 1e4)
 * @param cosine          cos anneal (true, PyTorch's default) or linear
 * @param baseMomentum    m_base, the momentum at the peak rate (default 0.85)
 * @param maxMomentum     m_max, the momentum at both ends (default 0.95)
 */
public record OneCycle(long totalSteps, double pctStart, double divFactor, double finalDivFactor, boolean cosine,
        double baseMomentum, double maxMomentum) implements Schedule {

    public OneCycle {
        Require.atLeast("one cycle", "total steps", totalSteps, 2);
        Require.inRange("one cycle", "pct start", pctStart, Double.MIN_VALUE, Math.nextDown(1.0), "(0, 1)");
        Require.inRange("one cycle", "div factor", divFactor, 1, Double.MAX_VALUE, "[1, inf)");
        Require.inRange("one cycle", "final div factor", finalDivFactor, 1, Double.MAX_VALUE, "[1, inf)");
        Require.inRange("one cycle", "base momentum", baseMomentum, 0, 1, "[0, 1]");
        Require.inRange("one cycle", "max momentum", maxMomentum, baseMomentum, 1, "[base momentum, 1]");
        if (pctStart * totalSteps - 1 <= 0 || pctStart * totalSteps - 1 >= totalSteps - 1) {
            throw new IllegalArgumentException("one cycle: pct start = " + pctStart + " leaves no step to one of the two"
                    + " phases of " + totalSteps + " steps");
        }
    }

    /** PyTorch's defaults for T steps. */
    public static OneCycle of(long totalSteps) {
        return new OneCycle(totalSteps, 0.3, 25, 1e4, true, 0.85, 0.95);
    }

    @Override
    public double at(long t) {
        Require.step(t);
        double initial = 1.0 / divFactor;
        return phase(t, initial, 1.0, initial / finalDivFactor);
    }

    /** The momentum at step t, falling while the rate rises and rising again. */
    public double momentumAt(long t) {
        Require.step(t);
        return phase(t, maxMomentum, baseMomentum, maxMomentum);
    }

    private double phase(long t, double start, double peak, double end) {
        if (t > totalSteps) {
            return end;
        }
        double e1 = pctStart * totalSteps - 1;
        double e2 = totalSteps - 1;
        return t <= e1 ? anneal(start, peak, t / e1) : anneal(peak, end, (t - e1) / (e2 - e1));
    }

    private double anneal(double start, double end, double pct) {
        return cosine ? end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1) : (end - start) * pct + start;
    }
}
