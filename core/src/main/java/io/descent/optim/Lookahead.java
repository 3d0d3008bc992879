package io.descent.optim;

import io.descent.InvalidInputException;
import io.descent.nn.Parameter;
import io.descent.tensor.GradientSupport;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lookahead (Zhang, Lucas, Hinton and Ba 2019, "Lookahead Optimizer: k steps forward, 1 step back"),
 * Algorithm 1, around any inner optimizer A: the inner one takes k fast steps, then the slow weights phi
 * move a fraction alpha of the way to where the fast weights theta got, and the fast weights restart there:
 *
 * <pre>
 *   theta_{t,0} = phi_{t-1}
 *   theta_{t,i} = theta_{t,i-1} + A(L, theta_{t,i-1}),    i = 1..k
 *   phi_t = phi_{t-1} + alpha (theta_{t,k} - phi_{t-1})
 * </pre>
 *
 * The inner optimizer's own state (momentum, moments) carries over the synchronisation, as in the paper's
 * experiments. The slow weights start as the parameters' values when this optimizer is built. The saved
 * state holds the inner one's entries (its name and description under {@code inner.}), the slow weights
 * {@code lookahead.slow.<j>} and the count of fast steps {@code lookahead.steps}.
 */
public final class Lookahead implements Optimizer {
    private static final String NAME = "lookahead";
    /** The inner optimizer's own name and description are saved under this prefix; its other entries as they are. */
    private static final String INNER = "inner.";
    private static final Set<String> OWN_KEYS = Set.of("optimizer", "description");
    private static final String PREFIX = "lookahead.";
    private static final String STEPS = PREFIX + "steps";

    private final Optimizer inner;
    private final int k;
    private final double alpha;
    private final List<Parameter> parameters = new ArrayList<>();
    /** phi, one dense copy per parameter. */
    private final List<Tensor> slow = new ArrayList<>();
    private long fastSteps;

    /**
     * @param inner the fast optimizer A
     * @param k     fast steps per synchronisation, at least 1 (the paper: 5)
     * @param alpha the slow step size, in [0, 1] (the paper: 0.5)
     */
    public Lookahead(Optimizer inner, int k, double alpha) {
        checkSettings(k, alpha);
        this.inner = inner;
        this.k = k;
        this.alpha = alpha;
        for (Group g : inner.groups()) {
            for (Parameter p : g.parameters()) {
                parameters.add(p);
                slow.add(p.value().copy());
            }
        }
    }

    /** Fails unless k &gt;= 1 and alpha is in [0, 1]; returns true, for use in expressions. */
    public static boolean checkSettings(int k, double alpha) {
        Check.atLeast(NAME, "k", k, 1);
        Check.closedUnitInterval(NAME, "alpha", alpha);
        return true;
    }

    @Override
    public void step() {
        inner.step();
        fastSteps++;
        if (fastSteps % k == 0) {
            synchronise();
        }
    }

    /** phi &lt;- phi + alpha (theta - phi); theta &lt;- phi. */
    private void synchronise() {
        for (int j = 0; j < parameters.size(); j++) {
            Tensor theta = parameters.get(j).value();
            Tensor phi = slow.get(j);
            int o = theta.offset();
            int n = theta.size();
            if (phi.dtype() == io.descent.tensor.DType.FLOAT64) {
                double[] t = theta.doubles();
                double[] s = phi.doubles();
                for (int i = 0; i < n; i++) {
                    s[i] = s[i] + alpha * (t[o + i] - s[i]);
                    t[o + i] = s[i];
                }
            } else {
                float[] t = theta.floats();
                float[] s = phi.floats();
                float a = (float) alpha;
                for (int i = 0; i < n; i++) {
                    s[i] = s[i] + a * (t[o + i] - s[i]);
                    t[o + i] = s[i];
                }
            }
        }
    }

    @Override
    public void zeroGrad() {
        inner.zeroGrad();
    }

    @Override
    public List<Group> groups() {
        return inner.groups();
    }

    /** Between synchronisations the step is the inner one's; a synchronising step may move every element. */
    @Override
    public GradientSupport lastStepSupport(Parameter p) {
        return fastSteps % k == 0 ? null : inner.lastStepSupport(p);
    }

    @Override
    public OptimizerState state() {
        OptimizerState.Builder b = OptimizerState.builder(NAME, description()).put(STEPS, fastSteps);
        OptimizerState in = inner.state();
        in.metadata().forEach((key, v) -> b.put(OWN_KEYS.contains(key) ? INNER + key : key, v));
        in.tensors().forEach(b::putCopy);
        for (int j = 0; j < slow.size(); j++) {
            b.putCopy(slowKey(j), slow.get(j));
        }
        return b.build();
    }

    @Override
    public void load(OptimizerState state) {
        state.checkSavedBy(NAME, description());
        long steps = state.longValue(STEPS);
        if (steps < 0) {
            throw new InvalidInputException(OptimizerState.SOURCE, "entry '" + STEPS + "'", "negative step count");
        }
        Map<String, Tensor> innerTensors = new LinkedHashMap<>();
        Map<String, String> innerMetadata = new LinkedHashMap<>();
        state.tensors().forEach((key, v) -> {
            if (!key.startsWith(PREFIX)) {
                innerTensors.put(key, v);
            }
        });
        state.metadata().forEach((key, v) -> {
            if (key.startsWith(INNER) && OWN_KEYS.contains(key.substring(INNER.length()))) {
                innerMetadata.put(key.substring(INNER.length()), v);
            } else if (!key.startsWith(PREFIX) && !OWN_KEYS.contains(key)) {
                innerMetadata.put(key, v);
            }
        });
        List<Tensor> saved = new ArrayList<>();
        Set<String> slowKeys = new HashSet<>();
        for (int j = 0; j < slow.size(); j++) {
            Tensor target = slow.get(j);
            saved.add(state.tensor(slowKey(j), target.dtype(), target.shape()));
            slowKeys.add(slowKey(j));
        }
        for (String key : state.tensors().keySet()) {
            if (key.startsWith(PREFIX) && !slowKeys.contains(key)) {
                throw new InvalidInputException(OptimizerState.SOURCE, "entry '" + key + "'", "unknown to lookahead");
            }
        }
        for (String key : state.metadata().keySet()) {
            if (key.startsWith(PREFIX) && !key.equals(STEPS)) {
                throw new InvalidInputException(OptimizerState.SOURCE, "entry '" + key + "'", "unknown to lookahead");
            }
        }
        inner.load(OptimizerState.of(innerTensors, innerMetadata));   // checks everything before changing anything
        for (int j = 0; j < slow.size(); j++) {
            slow.get(j).copyFrom(saved.get(j));
        }
        fastSteps = steps;
    }

    private static String slowKey(int j) {
        return PREFIX + "slow." + j;
    }

    private String description() {
        return "lookahead(k=" + k + ", alpha=" + alpha + ")";
    }

    @Override
    public String toString() {
        return description() + " around " + inner;
    }
}
