package io.descent.curvature;

import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.tensor.DType;
import io.descent.tensor.DoubleBackward;
import io.descent.tensor.Tensor;
import java.util.List;

/**
 * Products with the generalized Gauss-Newton matrix of a loss on a model's output z = f_w(x)
 * (Schraudolph 2002; Martens 2010):
 *
 * <pre>
 *   G v = J' H_L J v,        J = dz/dw,  H_L = d^2 L / dz^2
 * </pre>
 *
 * G drops the term sum_j (dL/dz_j) d^2 z_j / dw^2 of the Hessian, so it is positive semi-definite whenever
 * L is convex in z (squared error, cross-entropy on logits). Each factor by reverse mode only:
 * <ol>
 *   <li>J v by the double-backward trick: with a dummy u (zeros, shape of z), J' u = d(z . u)/dw is a
 *       recorded function of u, linear in it; then J v = d((J' u) . v)/du, a second backward pass;</li>
 *   <li>H_L (J v) by double backward on L at a detached copy of z (the loss alone, cheap);</li>
 *   <li>J' (H_L J v) = d(z . c)/dw for the constant c = H_L J v, an ordinary backward pass of a second forward.</li>
 * </ol>
 * About two forward passes and three backward passes per product, memory that of double backward.
 */
final class GaussNewtonProduct implements HessianOperator {
    private final Module model;
    private final Loss loss;
    private final List<Tensor> values;
    private final Tensor inputs;
    private final Tensor targets;
    private final double share;
    private final int dimension;

    GaussNewtonProduct(Module model, Loss loss, Tensor inputs, Tensor targets, double share, int dimension) {
        this.model = model;
        this.loss = loss;
        this.values = model.parameters().stream().map(p -> p.value()).toList();
        this.inputs = inputs;
        this.targets = targets;
        this.share = share;
        this.dimension = dimension;
    }

    private static Tensor wide(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? t.to(DType.FLOAT64) : t;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public void apply(double[] v, double[] out) {
        Tensor inputs = wide(this.inputs);
        Tensor targets = wide(this.targets);
        Tensor z = model.forward(inputs);
        Tensor u = Tensor.zeros(DType.FLOAT64, z.shape()).requiresGrad(true);
        Tensor[] jtu = DoubleBackward.gradients(z.mul(u).sum(), values, true);
        Tensor t = null;
        int at = 0;
        for (int i = 0; i < jtu.length; i++) {
            Tensor p = values.get(i);
            if (jtu[i] != null && jtu[i].requiresGrad()) {
                double[] part = new double[p.size()];
                System.arraycopy(v, at, part, 0, part.length);
                Tensor term = jtu[i].mul(Tensor.of(part, p.shape().dims())).sum();
                t = t == null ? term : t.add(term);
            }
            at += p.size();
        }
        java.util.Arrays.fill(out, 0);
        if (t == null) {
            return;
        }
        Tensor jv = DoubleBackward.gradients(t, List.of(u), false)[0];
        if (jv == null) {
            return;
        }
        Tensor zd = Tensor.of(z.toDoubleArray(), z.shape().dims()).requiresGrad(true);
        Tensor gz = DoubleBackward.gradients(loss.apply(zd, targets).mul(share), List.of(zd), true)[0];
        if (gz == null || !gz.requiresGrad()) {
            return;     // the loss is linear in z: H_L = 0
        }
        Tensor hjv = DoubleBackward.gradients(gz.mul(jv.detach()).sum(), List.of(zd), false)[0];
        if (hjv == null) {
            return;
        }
        Tensor c = Tensor.of(hjv.toDoubleArray(), z.shape().dims());
        Tensor[] jtc = DoubleBackward.gradients(model.forward(inputs).mul(c).sum(), values, false);
        at = 0;
        for (int i = 0; i < jtc.length; i++) {
            int size = values.get(i).size();
            if (jtc[i] != null) {
                System.arraycopy(jtc[i].toDoubleArray(), 0, out, at, size);
            }
            at += size;
        }
    }
}
