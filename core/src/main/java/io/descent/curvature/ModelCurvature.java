package io.descent.curvature;

import io.descent.autograd.GradMode;
import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.optim.CurvatureObjective;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The mean loss of a float64 model on a data set as a {@link CurvatureObjective} for the second-order
 * optimizers: w is the parameters in {@link ParameterVector}'s layout, the Hessian's products are exact
 * ({@link ExactHessian}), the Gauss-Newton matrix's come from {@link GaussNewtonProduct}. The rows are taken in
 * chunks, L(w) = sum_c (n_c / n) L_c(w), so that only one chunk's activations (and graph) are in memory at a
 * time. Every call writes w into the model, which ends at the last point evaluated.
 */
public final class ModelCurvature implements CurvatureObjective {
    /** Rows per chunk. */
    public static final int CHUNK = 1000;

    private record Chunk(Tensor x, Tensor y, double share) {
    }

    private final Module model;
    private final Loss loss;
    private final ParameterVector vector;
    private final List<Chunk> chunks = new ArrayList<>();
    private final double[] part;

    /** @throws IllegalArgumentException when a parameter is not float64 */
    public ModelCurvature(Module model, Loss loss, Tensor features, Tensor targets) {
        this.model = model;
        this.loss = loss;
        this.vector = new ParameterVector(model.parameters());
        this.part = new double[vector.dimension()];
        int n = features.dim(0);
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            chunks.add(new Chunk(features.sliceRows(from, to), targets.sliceRows(from, to), (double) (to - from) / n));
        }
    }

    private static Tensor wide(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? t.to(DType.FLOAT64) : t;
    }

    private Supplier<Tensor> term(Chunk c) {
        return () -> loss.apply(model.forward(wide(c.x)), wide(c.y)).mul(c.share);
    }

    @Override
    public int dimension() {
        return vector.dimension();
    }

    @Override
    public double value(double[] w) {
        vector.write(w, 0, null);
        double sum = 0;
        try (var scope = GradMode.disabled()) {
            for (Chunk c : chunks) {
                sum += term(c).get().item();
            }
        }
        return sum;
    }

    @Override
    public double gradient(double[] w, double[] out) {
        vector.write(w, 0, null);
        java.util.Arrays.fill(out, 0);
        double sum = 0;
        for (Chunk c : chunks) {
            sum += vector.gradient(term(c), part);
            for (int i = 0; i < out.length; i++) {
                out[i] += part[i];
            }
        }
        return sum;
    }

    @Override
    public HessianOperator hessian(double[] w) {
        vector.write(w, 0, null);
        List<HessianOperator> parts = new ArrayList<>();
        for (Chunk c : chunks) {
            parts.add(ExactHessian.of(model.parameters(), term(c)));
        }
        return parts.size() == 1 ? parts.get(0) : new SummedHessian(parts);
    }

    @Override
    public HessianOperator gaussNewton(double[] w) {
        vector.write(w, 0, null);
        List<HessianOperator> parts = new ArrayList<>();
        for (Chunk c : chunks) {
            parts.add(new GaussNewtonProduct(model, loss, c.x, c.y, c.share, vector.dimension()));
        }
        return parts.size() == 1 ? parts.get(0) : new SummedHessian(parts);
    }

    /** The model's current parameters as one vector. */
    public double[] read() {
        double[] w = new double[vector.dimension()];
        vector.read(w);
        return w;
    }
}
