package io.descent.curvature;

import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.DoubleBackward;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Exact Hessian-vector products of a loss with respect to a model's parameters, by double backward:
 * <pre>
 *   g(w) = dL/dw                 one backward pass that records its own graph (createGraph)
 *   H v  = d(g(w) . v)/dw        an ordinary backward pass from the scalar g . v
 * </pre>
 * Pearlmutter (1994) showed H v = d/dr grad L(w + r v) at r = 0 costs a small constant times one gradient;
 * differentiating the scalar g . v by reverse mode is that product with the reverse pass itself taped
 * ("reverse over reverse", PyTorch's {@code autograd.grad(create_graph=True)}).
 *
 * <p>Why double backward rather than the R-operator (forward-mode tangents through the forward and reverse
 * passes): the tape already has one backward rule per op; double backward needs only that each rule, when
 * asked, computes its gradient with recorded tensor ops, which for most ops it already does, and for the
 * fused layers (Linear, Conv2d, BatchNorm, MaxPool2d, the activations and losses) is the same formula written
 * with matmuls, sums and gathers. The R-operator would need a second rule for every op (the tangent of its
 * forward and of its backward). Cost of one product: the forward pass, a backward pass that records (about
 * as many ops as the forward), and a backward pass over both graphs: a few gradients. Memory: the two graphs,
 * linear in the model and the batch. Ordinary training is untouched: its backward runs with grad mode off,
 * records nothing and takes the fused kernels. Sparse rows (CSR) are covered too: {@code Linear.forwardSparse}
 * and {@code CsrMatrix.matmul}. An op recorded with {@code Tensor.record} (one of your own), whose rule is
 * not declared twice differentiable, fails the product naming the op rather than giving a wrong Hessian.
 *
 * <p>Products are exact up to rounding (no finite-difference step). Parameters must be float64: a float32
 * model is refused with a message saying so (its Hessian in float32 would carry float32's rounding of
 * every product; convert the model to float64 for curvature). The vector layout is the parameters' order,
 * each parameter's values row-major, concatenated. Each product runs {@code loss.get()} again, so it sees the
 * current parameter values; a BatchNorm layer in training mode then updates its running statistics, as on any
 * forward pass (they do not enter the training-mode loss); a Dropout layer in training mode draws a new mask on
 * each pass, so the loss is a different function each time: give it the same mask (a Dropout built again with
 * the same seed in {@code loss}) or put it in evaluation mode. The parameters' own gradients are left alone.
 *
 * <pre>{@code
 * HessianOperator h = ExactHessian.of(model.parameters(), () -> loss.apply(model.forward(x), y));
 * double[] hv = new double[h.dimension()];
 * h.apply(v, hv);
 * }</pre>
 */
public final class ExactHessian implements HessianOperator {
    private final List<Tensor> values;
    private final Supplier<Tensor> loss;
    private final int dimension;

    private ExactHessian(List<Tensor> values, Supplier<Tensor> loss, int dimension) {
        this.values = values;
        this.loss = loss;
        this.dimension = dimension;
    }

    /**
     * The Hessian of {@code loss.get()} (the scalar loss of a forward pass on a fixed batch) with respect to
     * {@code parameters}, all float64.
     *
     * @throws IllegalArgumentException for no parameters or a parameter that is not float64
     */
    public static HessianOperator of(List<Parameter> parameters, Supplier<Tensor> loss) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("ExactHessian: no parameters");
        }
        List<Tensor> values = new ArrayList<>(parameters.size());
        long k = 0;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (p.value().dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("ExactHessian: parameter " + i + " (" + p + ") is float32; "
                        + "Hessian-vector products need float64 parameters: build the model with DType.FLOAT64");
            }
            values.add(p.value());
            k += p.size();
        }
        if (k > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("ExactHessian: " + k + " parameters do not fit one double[]");
        }
        return new ExactHessian(values, loss, (int) k);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public void apply(double[] v, double[] out) {
        if (v.length != dimension || out.length != dimension) {
            throw new IllegalArgumentException("ExactHessian: vectors of length " + v.length + " and " + out.length
                    + " for " + dimension + " parameters");
        }
        if (v == out) {
            throw new IllegalArgumentException("ExactHessian: v and out must be different arrays");
        }
        Tensor l = loss.get();
        if (l.size() != 1 || l.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("ExactHessian: the loss must be a float64 scalar, got "
                    + l.dtype().name().toLowerCase() + " " + l.shape());
        }
        Tensor[] g = DoubleBackward.gradients(l, values, true);
        Tensor gv = null;
        int at = 0;
        for (int i = 0; i < g.length; i++) {
            Tensor p = values.get(i);
            if (g[i] != null && g[i].requiresGrad()) {
                double[] part = new double[p.size()];
                System.arraycopy(v, at, part, 0, part.length);
                Tensor term = g[i].mul(Tensor.of(part, p.shape().dims())).sum();
                gv = gv == null ? term : gv.add(term);
            }
            at += p.size();
        }
        java.util.Arrays.fill(out, 0);
        if (gv == null) {
            return;     // the gradient does not depend on the parameters: H = 0
        }
        Tensor[] hv = DoubleBackward.gradients(gv, values, false);
        at = 0;
        for (int i = 0; i < hv.length; i++) {
            int size = values.get(i).size();
            if (hv[i] != null) {
                double[] d = hv[i].toDoubleArray();
                System.arraycopy(d, 0, out, at, size);
            }
            at += size;
        }
    }
}
