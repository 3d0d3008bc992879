package io.descent.optim;

/**
 * The two running averages that momentum, RMSProp, AdaDelta, Adam and its variants share, each written
 * once and rounded as PyTorch rounds it (its {@code add_} and {@code addcmul_} are fused multiply-adds on
 * x86-64 with FMA, which is what {@link Math#fma} computes on every machine):
 *
 * <ul>
 *   <li>{@link #ema}: m &lt;- beta m + w g, PyTorch's {@code m.mul_(beta).add_(g, alpha=w)}, the first
 *       moment (momentum as an average; w = 1 - beta for Adam);</li>
 *   <li>{@link #emaOfSquares}: v &lt;- beta v + w g^2, PyTorch's {@code v.mul_(beta).addcmul_(g, g, value=w)},
 *       the second moment of RMSProp (Tieleman and Hinton 2012) that Adam divides by.</li>
 * </ul>
 *
 * "Adam combines momentum and RMSProp" reads in the code as one {@code ema} and one {@code emaOfSquares}.
 */
final class Moments {
    private Moments() {
    }

    /** beta avg + weight g, with one rounding after the product beta avg and one fused multiply-add. */
    static double ema(double avg, double beta, double g, double weight) {
        return Math.fma(weight, g, avg * beta);
    }

    static float ema(float avg, float beta, float g, float weight) {
        return Math.fma(weight, g, avg * beta);
    }

    /** beta avg + weight g^2, rounded as PyTorch: fma(weight g, g, beta avg). */
    static double emaOfSquares(double avg, double beta, double g, double weight) {
        return Math.fma(weight * g, g, avg * beta);
    }

    static float emaOfSquares(float avg, float beta, float g, float weight) {
        return Math.fma(weight * g, g, avg * beta);
    }
}
