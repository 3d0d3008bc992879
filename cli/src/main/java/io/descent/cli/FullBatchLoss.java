package io.descent.cli;

import io.descent.curvature.ParameterVector;
import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The mean loss of a float64 model over all the chosen rows, as a sum of chunk terms
 *
 * <pre>
 *   L(w) = (1/n) sum_i l(f_w(x_i), y_i) = sum_c (n_c / n) L_c(w),     L_c the mean over chunk c
 * </pre>
 *
 * so that gradients and Hessian-vector products see every row while only one chunk's activations (and its
 * float64 copy of the features) are in memory at a time.
 */
final class FullBatchLoss {
    /** Rows per chunk, as eval and predict batch them. */
    static final int CHUNK = 1000;

    private final Module model;
    private final List<Supplier<Tensor>> terms = new ArrayList<>();

    FullBatchLoss(Module model, Loss loss, Tensor features, Tensor targets) {
        this.model = model;
        int n = features.dim(0);
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            int a = from;
            double share = (double) (to - from) / n;
            terms.add(() -> loss.apply(model.forward(features.sliceRows(a, to).to(DType.FLOAT64)),
                    wide(targets.sliceRows(a, to))).mul(share));
        }
    }

    private static Tensor wide(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? t.to(DType.FLOAT64) : t;
    }

    List<Supplier<Tensor>> terms() {
        return terms;
    }

    /** grad L at the model's parameters into {@code out}; returns L. */
    double gradient(double[] out) {
        ParameterVector vector = new ParameterVector(model.parameters());
        double[] part = new double[out.length];
        java.util.Arrays.fill(out, 0);
        double value = 0;
        for (Supplier<Tensor> t : terms) {
            value += vector.gradient(t, part);
            for (int i = 0; i < out.length; i++) {
                out[i] += part[i];
            }
        }
        return value;
    }
}
