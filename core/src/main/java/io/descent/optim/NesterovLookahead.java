package io.descent.optim;

import io.descent.InvalidInputException;
import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Nesterov's accelerated gradient (1983) in the lecture's look-ahead form:
 *
 * <pre>
 *   w_{t+1} = w_t - alpha grad f(w_t + beta (w_t - w_{t-1})) + beta (w_t - w_{t-1}),     w_0 = w_{-1}
 * </pre>
 *
 * The gradient is taken at the look-ahead point, not at w_t, so each step moves the parameters there,
 * calls the closure, and moves them on to w_{t+1}. Under the change of variables p_t = w_t + beta (w_t -
 * w_{t-1}) (the look-ahead point) and b_t = -(w_{t+1} - w_t) / alpha this is PyTorch's SGD with
 * {@code nesterov=True}: b_t = beta b_{t-1} + grad f(p_t), p_{t+1} = p_t - alpha (grad f(p_t) + beta b_t)
 * (shown by NesterovLookaheadTest).
 *
 * <p>Its state holds w_{t-1} of each parameter as {@code param.<name>.previous}, under the parameter's name
 * or its position (see {@link ParamGroup}).
 */
public final class NesterovLookahead implements ClosureOptimizer {
    private static final String PREVIOUS = ".previous";
    private final List<String> names;
    private final List<Parameter> parameters;
    private final Group group;
    private final double beta;
    private final Tensor[] previous;
    private final Tensor[] current;
    private long steps;

    NesterovLookahead(List<String> names, List<Parameter> parameters, MomentumConfig config) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("nesterov lookahead: needs at least one parameter");
        }
        this.names = ParameterNames.checked("nesterov lookahead", names);
        this.parameters = List.copyOf(parameters);
        this.group = new Group(parameters, config.lr(), 0);
        this.beta = config.beta();
        this.previous = new Tensor[parameters.size()];
        this.current = new Tensor[parameters.size()];
        for (int i = 0; i < previous.length; i++) {
            Tensor w = parameters.get(i).value();
            previous[i] = Tensor.zeros(w.dtype(), w.shape());
            current[i] = Tensor.zeros(w.dtype(), w.shape());
        }
    }

    /** Evaluates the closure at the look-ahead point and takes the step; returns the loss there. */
    @Override
    public double step(Closure closure) {
        for (int i = 0; i < previous.length; i++) {
            moveToLookahead(parameters.get(i).value(), current[i], previous[i]);
        }
        double loss = closure.evaluate();
        for (int i = 0; i < previous.length; i++) {
            Parameter p = parameters.get(i);
            if (p.grad() == null) {
                throw new IllegalStateException("nesterov lookahead: parameter " + p + " has no gradient after the "
                        + "closure; the closure must call backward() on a loss that depends on every parameter");
            }
            descend(p.value(), p.grad(), current[i], previous[i]);
        }
        steps++;
        return loss;
    }

    /** Saves w_t in {@code current} and writes w_t + beta (w_t - w_{t-1}) into the parameter. */
    private void moveToLookahead(Tensor w, Tensor cur, Tensor prev) {
        int n = w.size();
        int o = w.offset();
        if (w.dtype() == DType.FLOAT64) {
            double[] p = w.doubles();
            double[] c = cur.doubles();
            double[] q = prev.doubles();
            System.arraycopy(p, o, c, 0, n);
            if (steps == 0) {
                System.arraycopy(p, o, q, 0, n);
            }
            for (int i = 0; i < n; i++) {
                p[o + i] = Math.fma(beta, c[i] - q[i], c[i]);
            }
        } else {
            float[] p = w.floats();
            float[] c = cur.floats();
            float[] q = prev.floats();
            System.arraycopy(p, o, c, 0, n);
            if (steps == 0) {
                System.arraycopy(p, o, q, 0, n);
            }
            float b = (float) beta;
            for (int i = 0; i < n; i++) {
                p[o + i] = Math.fma(b, c[i] - q[i], c[i]);
            }
        }
    }

    /** w_{t+1} = fma(beta, w_t - w_{t-1}, fma(-alpha, g, w_t)); w_{t-1} &lt;- w_t. */
    private void descend(Tensor w, Tensor grad, Tensor cur, Tensor prev) {
        double minusAlpha = -group.lr();
        int n = w.size();
        int o = w.offset();
        int go = grad.offset();
        if (w.dtype() == DType.FLOAT64) {
            double[] p = w.doubles();
            double[] g = grad.doubles();
            double[] c = cur.doubles();
            double[] q = prev.doubles();
            for (int i = 0; i < n; i++) {
                p[o + i] = Math.fma(beta, c[i] - q[i], Math.fma(minusAlpha, g[go + i], c[i]));
                q[i] = c[i];
            }
        } else {
            float[] p = w.floats();
            float[] g = grad.floats();
            float[] c = cur.floats();
            float[] q = prev.floats();
            float b = (float) beta;
            float a = (float) minusAlpha;
            for (int i = 0; i < n; i++) {
                p[o + i] = Math.fma(b, c[i] - q[i], Math.fma(a, g[go + i], c[i]));
                q[i] = c[i];
            }
        }
    }

    @Override
    public void zeroGrad() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }

    @Override
    public List<Group> groups() {
        return List.of(group);
    }

    private String previousKey(int param) {
        return ParameterNames.PREFIX + names.get(param) + PREVIOUS;
    }

    private String description() {
        return "nesterovLookahead(" + beta + ")";
    }

    @Override
    public OptimizerState state() {
        OptimizerState.Builder b = OptimizerState.builder("nesterovLookahead", description())
                .put("lr", group.lr())
                .put("baseLr", group.baseLr())
                .put("step", steps);
        for (int i = 0; i < previous.length; i++) {
            b.putCopy(previousKey(i), previous[i]);
        }
        return b.build();
    }

    @Override
    public void load(OptimizerState state) {
        state.checkSavedBy("nesterovLookahead", description());
        ParameterNames.check(ParameterNames.in(state.tensors().keySet(), PREVIOUS), names);
        double lr = state.nonNegative("lr");
        double baseLr = state.nonNegative("baseLr");
        long savedSteps = state.longValue("step");
        if (savedSteps < 0) {
            throw new InvalidInputException(OptimizerState.SOURCE, "entry 'step'", "negative step count");
        }
        Tensor[] sources = new Tensor[previous.length];
        Set<String> tensorKeys = new HashSet<>();
        for (int i = 0; i < previous.length; i++) {
            String key = previousKey(i);
            sources[i] = state.tensor(key, previous[i].dtype(), previous[i].shape());
            tensorKeys.add(key);
        }
        state.checkOnly(tensorKeys, Set.of("optimizer", "description", "lr", "baseLr", "step"));
        group.restore(baseLr, lr, 0);
        steps = savedSteps;
        for (int i = 0; i < previous.length; i++) {
            previous[i].copyFrom(sources[i]);
        }
    }
}
