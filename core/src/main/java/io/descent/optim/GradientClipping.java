package io.descent.optim;

import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.List;

/**
 * Gradient clipping before the update rule, as PyTorch's {@code clip_grad_norm_} and
 * {@code clip_grad_value_}:
 *
 * <ul>
 *   <li>by global norm: with ||g|| the norm of all gradients together (the norm of the per-parameter
 *       norms), every gradient is multiplied by min(1, c / (||g|| + 1e-6));</li>
 *   <li>by value: every component is clamped to [-c, c].</li>
 * </ul>
 *
 * An optimizer clips the copies of the gradients it works on ({@link ChainOptimizer#clipGradients});
 * {@link #clipGradients(List)} clips the parameters' own gradients in place, as PyTorch's utilities do.
 * A NaN or infinite norm is not hidden: it propagates into the update (DESIGN rule 6).
 */
public final class GradientClipping {
    /** No clipping. */
    public static final GradientClipping NONE = new GradientClipping(Mode.NONE, 0);

    private enum Mode { NONE, GLOBAL_NORM, VALUE }

    private final Mode mode;
    private final double limit;

    private GradientClipping(Mode mode, double limit) {
        this.mode = mode;
        this.limit = limit;
    }

    /** Scales all gradients together so that their global L2 norm is at most {@code maxNorm}. */
    public static GradientClipping byGlobalNorm(double maxNorm) {
        return new GradientClipping(Mode.GLOBAL_NORM, Check.positive("clipping", "max norm", maxNorm));
    }

    /** Clamps every gradient component to [-clipValue, clipValue]. */
    public static GradientClipping byValue(double clipValue) {
        return new GradientClipping(Mode.VALUE, Check.positive("clipping", "clip value", clipValue));
    }

    /** Clips the gradients of {@code parameters} in place; returns the global norm before clipping (NaN when clipping by value). */
    public double clipGradients(List<Parameter> parameters) {
        Tensor[] grads = parameters.stream().map(Parameter::grad).filter(g -> g != null).toArray(Tensor[]::new);
        return clip(grads, grads.length);
    }

    /** Clips the first {@code n} tensors in place; returns the global norm (NaN unless clipping by norm). */
    double clip(Tensor[] tensors, int n) {
        return switch (mode) {
            case GLOBAL_NORM -> {
                double total = globalNorm(tensors, n);
                double coefficient = Math.min(limit / (total + 1e-6), 1.0);   // torch.clamp(clip_coef, max=1.0)
                for (int i = 0; i < n; i++) {
                    scale(tensors[i], coefficient);
                }
                yield total;
            }
            case VALUE -> {
                for (int i = 0; i < n; i++) {
                    clamp(tensors[i], limit);
                }
                yield Double.NaN;
            }
            case NONE -> Double.NaN;
        };
    }

    /** sqrt(sum_i ||t_i||^2), each norm accumulated with fused multiply-adds in float64. */
    static double globalNorm(Tensor[] tensors, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double norm = norm(tensors[i]);
            sum = Math.fma(norm, norm, sum);
        }
        return Math.sqrt(sum);
    }

    static double norm(Tensor t) {
        double sum = 0;
        int o = t.offset();
        int n = t.size();
        if (t.dtype() == DType.FLOAT64) {
            double[] a = t.doubles();
            for (int i = 0; i < n; i++) {
                sum = Math.fma(a[o + i], a[o + i], sum);
            }
        } else {
            float[] a = t.floats();
            for (int i = 0; i < n; i++) {
                sum = Math.fma(a[o + i], a[o + i], sum);
            }
        }
        return Math.sqrt(sum);
    }

    private static void scale(Tensor t, double c) {
        int o = t.offset();
        int n = t.size();
        if (t.dtype() == DType.FLOAT64) {
            double[] a = t.doubles();
            for (int i = 0; i < n; i++) {
                a[o + i] *= c;
            }
        } else {
            float[] a = t.floats();
            float f = (float) c;
            for (int i = 0; i < n; i++) {
                a[o + i] *= f;
            }
        }
    }

    private static void clamp(Tensor t, double c) {
        int o = t.offset();
        int n = t.size();
        if (t.dtype() == DType.FLOAT64) {
            double[] a = t.doubles();
            for (int i = 0; i < n; i++) {
                a[o + i] = Math.min(Math.max(a[o + i], -c), c);
            }
        } else {
            float[] a = t.floats();
            float f = (float) c;
            for (int i = 0; i < n; i++) {
                a[o + i] = Math.min(Math.max(a[o + i], -f), f);
            }
        }
    }

    @Override
    public String toString() {
        return switch (mode) {
            case NONE -> "none";
            case GLOBAL_NORM -> "byGlobalNorm(" + limit + ")";
            case VALUE -> "byValue(" + limit + ")";
        };
    }
}
