package io.descent.objective;

import io.descent.autograd.GradMode;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.optim.Objective;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The empirical risk of a model on a data set as a function of its parameters, all flattened into one
 * float64 vector w (in the order of {@link Module#parameters()}):
 *
 * <pre>
 *   R(w) = loss(model_w(X), Y)        e.g. (1/n) sum_i l(f_w(x_i), y_i) with a mean-reduced loss
 * </pre>
 *
 * Evaluating it writes w into the model's parameters (so the model ends at the last point evaluated);
 * the gradient comes from autograd, the Hessian from {@link Objective}'s default, central differences of
 * those gradients (2k forward and backward passes, entries good to about 1e-10 relative). Float32 models
 * work, with w rounded to float when written; Newton's method wants float64 models.
 *
 * <pre>{@code
 * Erm risk = new Erm(model, x, y, (out, target) -> logLoss(out, target));
 * Newton newton = new Newton(risk, NewtonConfig.defaults());
 * Tensor w = risk.parameters();
 * newton.step(w);  risk.load(w);
 * }</pre>
 */
public final class Erm implements Objective {
    private final Module model;
    private final List<Parameter> parameters;
    private final Tensor inputs;
    private final Tensor targets;
    private final BiFunction<Tensor, Tensor, Tensor> loss;
    private final int k;

    /**
     * @param loss maps (model output, targets) to a scalar tensor, differentiably
     */
    public Erm(Module model, Tensor inputs, Tensor targets, BiFunction<Tensor, Tensor, Tensor> loss) {
        this.model = model;
        this.parameters = model.parameters();
        this.inputs = inputs;
        this.targets = targets;
        this.loss = loss;
        long count = model.parameterCount();
        if (count == 0 || count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("erm: the model has " + count + " parameters");
        }
        this.k = (int) count;
    }

    @Override
    public int dimension() {
        return k;
    }

    /** The model's current parameters as one float64 vector. */
    public Tensor parameters() {
        double[] w = new double[k];
        int offset = 0;
        for (Parameter p : parameters) {
            Tensor v = p.value();
            for (int i = 0; i < v.size(); i++) {
                w[offset + i] = v.getFlat(i);
            }
            offset += v.size();
        }
        return Tensor.wrap(w, k);
    }

    /** Writes w into the model's parameters. */
    public void load(Tensor w) {
        if (w.size() != k) {
            throw new IllegalArgumentException("erm: needs " + k + " values, got shape " + w.shape());
        }
        try (var scope = GradMode.disabled()) {
            int offset = 0;
            for (Parameter p : parameters) {
                Tensor v = p.value();
                for (int i = 0; i < v.size(); i++) {
                    v.setFlat(i, w.getFlat(offset + i));
                }
                offset += v.size();
            }
        }
    }

    @Override
    public double value(Tensor w) {
        load(w);
        try (var scope = GradMode.disabled()) {
            return checkScalar(loss.apply(model.forward(inputs), targets)).item();
        }
    }

    @Override
    public Tensor gradient(Tensor w) {
        load(w);
        model.zeroGrad();
        checkScalar(loss.apply(model.forward(inputs), targets)).backward();
        double[] g = new double[k];
        int offset = 0;
        for (Parameter p : parameters) {
            Tensor grad = p.grad();
            if (grad != null) {
                for (int i = 0; i < grad.size(); i++) {
                    g[offset + i] = grad.getFlat(i);
                }
            }
            offset += p.size();
        }
        return Tensor.wrap(g, k);
    }

    private static Tensor checkScalar(Tensor t) {
        if (t.size() != 1) {
            throw new IllegalArgumentException("erm: the loss must be a scalar, got shape " + t.shape()
                    + "; reduce it (mean over the samples)");
        }
        return t.dtype() == DType.FLOAT64 ? t : t.to(DType.FLOAT64);
    }
}
