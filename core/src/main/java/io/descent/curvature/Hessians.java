package io.descent.curvature;

import io.descent.nn.Parameter;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the tools that need H v get it: {@link #of} is the one line that picks the implementation, the exact
 * products of {@link ExactHessian} (double backward). {@link GradientDifferenceHessian} stays as their test
 * oracle: at a ReLU or max-pool kink its differences are biased by O(1) whatever the step, where the exact
 * product is the Hessian of the piece the weights lie on.
 */
public final class Hessians {

    private Hessians() {
    }

    /** The Hessian of {@code loss} with respect to {@code parameters} (float64), seen through its products. */
    public static HessianOperator of(List<Parameter> parameters, Supplier<Tensor> loss) {
        return ExactHessian.of(parameters, loss);
    }

    /**
     * The Hessian of a loss that is a sum of terms (a full-batch loss over chunks of rows, each term already
     * weighted by its share): H v = sum_t H_t v, so only one chunk's activations are in memory at a time.
     */
    public static HessianOperator ofSum(List<Parameter> parameters, List<Supplier<Tensor>> terms) {
        List<HessianOperator> parts = new ArrayList<>();
        for (Supplier<Tensor> t : terms) {
            parts.add(of(parameters, t));
        }
        return sum(parts);
    }

    /** sum_t H_t, for operators of one dimension. */
    public static HessianOperator sum(List<HessianOperator> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("hessian: a sum needs at least one term");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int k = parts.get(0).dimension();
        for (HessianOperator p : parts) {
            if (p.dimension() != k) {
                throw new IllegalArgumentException("hessian: the terms of a sum have dimensions " + k + " and "
                        + p.dimension());
            }
        }
        return new SummedHessian(parts);
    }

    /** Whether the products of {@code h} (or of every term of a sum) are differences of gradients. */
    public static boolean byDifferences(HessianOperator h) {
        if (h instanceof SummedHessian s) {
            return s.parts().stream().allMatch(Hessians::byDifferences);
        }
        return h instanceof GradientDifferenceHessian;
    }

    /**
     * The k x k matrix, column j = H e_j, symmetrized as (H + H') / 2: k products and 8 k^2 bytes, for small models
     * and for checking the tools built on products against {@code Jacobi}.
     */
    public static double[][] dense(HessianOperator h) {
        int k = h.dimension();
        double[][] m = new double[k][k];
        double[] e = new double[k];
        double[] column = new double[k];
        for (int j = 0; j < k; j++) {
            e[j] = 1;
            h.apply(e, column);
            e[j] = 0;
            for (int i = 0; i < k; i++) {
                m[i][j] = column[i];
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                double s = 0.5 * (m[i][j] + m[j][i]);
                m[i][j] = s;
                m[j][i] = s;
            }
        }
        return m;
    }
}
