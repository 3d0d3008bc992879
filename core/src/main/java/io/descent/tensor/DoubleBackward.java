package io.descent.tensor;

import java.util.IdentityHashMap;
import java.util.List;

/**
 * Second derivatives by double backward: a backward pass that records its own graph, so that the gradient it
 * returns can be differentiated again. Hessian-vector products come from two passes (Pearlmutter 1994: H v is
 * the directional derivative of the gradient, here taken as the gradient of v . grad L):
 * <pre>
 *   g = dL/dw            (first pass, createGraph: g is a recorded function of w)
 *   H v = d(g . v)/dw    (second pass, an ordinary backward from the scalar g . v)
 * </pre>
 *
 * <p>How a backward rule takes part: a rule runs with grad mode off in an ordinary backward pass and with grad
 * mode on in one that creates the graph. A rule written with {@link Tensor} ops is then recorded by itself;
 * a fused kernel (a GEMM straight into a buffer, a loop over channels) is not, so an op records that its rule
 * is twice differentiable ({@link #record}) only when, with grad mode on, it computes its gradients with
 * recorded ops, as {@code Linear} (dense and sparse), {@code Conv2d}, {@code BatchNorm}, {@code MaxPool2d},
 * the activations and the losses do on that path. A double backward through any other op fails, naming it,
 * rather than giving a second derivative that is silently 0.
 *
 * <pre>{@code
 * Tensor[] g = DoubleBackward.gradients(loss, List.of(w), true);       // recorded
 * Tensor hv = DoubleBackward.gradients(g[0].mul(v).sum(), List.of(w), false)[0];
 * }</pre>
 *
 * Ordinary training is unchanged: nothing more is recorded, and its rules take their fused kernels.
 */
public final class DoubleBackward {
    private DoubleBackward() {
    }

    /**
     * d output / d leaf for each of {@code leaves} (null for a leaf the output does not depend on), from the
     * scalar {@code output}. The leaves' own {@link Tensor#grad()} are left alone. With {@code createGraph} the
     * gradients are recorded functions of the leaves (and the graph of {@code output} is kept for a second pass);
     * without, they are plain tensors and the graph is freed as by {@link Tensor#backward()}.
     */
    public static Tensor[] gradients(Tensor output, List<Tensor> leaves, boolean createGraph) {
        IdentityHashMap<Tensor, Tensor> captured = TensorNode.captureGradients(output, createGraph);
        Tensor[] out = new Tensor[leaves.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = captured.get(leaves.get(i));
        }
        return out;
    }

    /** {@link Tensor#record} for an op whose backward rule is twice differentiable (see the class comment). */
    public static Tensor record(String op, Tensor value, TensorNode.Backward backward, Tensor... inputs) {
        return TensorNode.record(op, value, backward, true, true, inputs);
    }

    /** {@link Tensor#recordReadingInputsOnly} for an op whose backward rule is twice differentiable. */
    public static Tensor recordReadingInputsOnly(String op, Tensor value, TensorNode.Backward backward,
            Tensor... inputs) {
        return TensorNode.record(op, value, backward, false, true, inputs);
    }
}
