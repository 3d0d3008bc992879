package io.descent.optim;

import io.descent.InvalidInputException;
import io.descent.nn.Parameter;
import io.descent.tensor.GradientSupport;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The optimizer behind every first-order method of {@link Optimizers}: a {@link Chain} of transforms run
 * on each parameter that has a gradient, after optional {@link GradientClipping}.
 *
 * <p>A step hands each gradient to its parameter's {@link Slot} (copied into the update buffer only for
 * clipping), clips, then runs the chain parameter by parameter over primitive arrays.
 * Buffers and states are allocated when the optimizer is built, so a step allocates nothing.
 *
 * <p>Lazy sparse steps: when a gradient is known to be zero outside some columns (a weight that only a
 * sparse layer wrote, {@link GradientSupport#of}), every transform leaves zero-gradient elements unchanged
 * ({@link GradientTransform#skipsZeroGradients}: plain SGD, AdaGrad) and nothing is clipped, the step updates
 * those columns only, with the same results bit for bit as the full pass, provided they are few enough for
 * that to pay ({@link GradientSupport#paysOff}). Anything else takes the full pass.
 *
 * <p>The saved state refers to each parameter by its name when the groups carry names (see
 * {@link ParamGroup}), else by its position among all groups; loading checks the names first.
 */
public final class ChainOptimizer implements Optimizer {
    /** The largest step count a saved state may hold (2^53, where doubles stop counting exactly). */
    static final long MAX_STEP = 1L << 53;
    /** The suffix of each parameter's step count, {@code param.<name>.step}, by which load finds the saved names. */
    private static final String STEP = ".step";

    private final String name;
    private final Chain chain;
    private final List<Group> groups;
    private final Slot[] slots;
    /** Each parameter's place among the slots, for {@link #lastStepSupport}. */
    private final Map<Parameter, Integer> indexOf = new IdentityHashMap<>();
    /** The slot {@link #lastStepSupport} found last. */
    private int lastIndex = -1;
    /** Per slot: whether the last step left every element outside its gradient's support as it was. */
    private final boolean[] supportOnly;
    /** The name of each slot's parameter in saved states. */
    private final List<String> names;
    private final Slot[] active;
    private final Tensor[] activeBuffers;
    private GradientClipping clipping = GradientClipping.NONE;
    /** Parameter steps taken sparsely so far, for tests that the fast path is taken (and only when exact). */
    private long sparseSteps;

    /**
     * @param name        what the optimizer is called in saved states ("adam")
     * @param groups      the parameter groups; a parameter may belong to one group only
     * @param lr          the learning rate of groups that set none
     * @param weightDecay the weight decay of groups that set none
     * @param chain       the update rule
     */
    public ChainOptimizer(String name, Collection<ParamGroup> groups, double lr, double weightDecay, Chain chain) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException(name + ": needs at least one parameter group");
        }
        this.name = name;
        this.chain = chain;
        List<Group> live = new ArrayList<>();
        List<Slot> all = new ArrayList<>();
        List<String> given = new ArrayList<>();
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean named = groups.iterator().next().isNamed();
        for (ParamGroup spec : groups) {
            if (spec.isNamed() != named) {
                throw new IllegalArgumentException(name + ": give every parameter group names or none");
            }
            given.addAll(spec.names());
            Group g = Group.resolve(spec, lr, weightDecay);
            live.add(g);
            for (Parameter p : g.parameters()) {
                if (!seen.add(p)) {
                    throw new IllegalArgumentException(name + ": parameter " + p + " appears in more than one group");
                }
                all.add(new Slot(p, g, chain));
            }
        }
        this.groups = List.copyOf(live);
        this.slots = all.toArray(new Slot[0]);
        for (int i = 0; i < slots.length; i++) {
            indexOf.put(slots[i].parameter(), i);
        }
        this.supportOnly = new boolean[slots.length];
        this.names = named ? ParameterNames.checked(name, given) : ParameterNames.positional(slots.length);
        this.active = new Slot[slots.length];
        this.activeBuffers = new Tensor[slots.length];
    }

    /** Clips the gradients (their copies in the update buffers) before the chain runs; returns this optimizer. */
    public ChainOptimizer clipGradients(GradientClipping value) {
        this.clipping = value;
        return this;
    }

    public Chain chain() {
        return chain;
    }

    public String name() {
        return name;
    }

    @Override
    public void step() {
        int n = 0;
        boolean mayBeSparse = clipping == GradientClipping.NONE;
        for (int i = 0; i < slots.length; i++) {
            Slot s = slots[i];
            Tensor value = s.parameter().value();
            Tensor g = value.peekGrad();         // read only: the chain never writes the gradient
            supportOnly[i] = false;
            if (g != null) {
                GradientSupport support = mayBeSparse ? GradientSupport.of(value) : null;
                // exact: zero-gradient elements stay as they are, whether this pass skips them or not
                boolean exact = support != null && chain.skipsZeroGradients(s);
                supportOnly[i] = exact;
                if (exact && support.paysOff() && s.canStepSparsely(g)) {
                    s.beginSparse(g, support);
                    sparseSteps++;
                } else {
                    s.begin(g);
                }
                active[n] = s;
                n++;
            }
        }
        if (clipping != GradientClipping.NONE) {
            for (int i = 0; i < n; i++) {
                active[i].copyIncomingToBuffer();   // clipping rewrites the updates in place: not the gradients
                activeBuffers[i] = active[i].incoming();
            }
            clipping.clip(activeBuffers, n);
        }
        for (int i = 0; i < n; i++) {
            chain.update(active[i]);
            active[i].end();
        }
    }

    @Override
    public GradientSupport lastStepSupport(Parameter p) {
        int i = indexOf(p);
        return i >= 0 && supportOnly[i] ? GradientSupport.of(p.value()) : null;
    }

    /**
     * The slot of p, or -1: the last slot asked for is tried first, then the slots in order, then the map. The
     * training loop asks for every parameter after every step, in slot order, so a lookup is one comparison; the
     * identity map's hash alone cost 3% of a sparse logistic regression's step.
     */
    private int indexOf(Parameter p) {
        if (slots.length == 0) {
            return -1;
        }
        int next = lastIndex + 1 < slots.length ? lastIndex + 1 : 0;
        if (slots[next].parameter() == p) {
            lastIndex = next;
            return next;
        }
        Integer i = indexOf.get(p);
        if (i == null) {
            return -1;
        }
        lastIndex = i;
        return i;
    }

    /** How many parameter steps were sparse since this optimizer was built. */
    long sparseSteps() {
        return sparseSteps;
    }

    @Override
    public void zeroGrad() {
        for (Slot s : slots) {
            s.parameter().zeroGrad();
        }
    }

    @Override
    public List<Group> groups() {
        return groups;
    }

    @Override
    public OptimizerState state() {
        OptimizerState.Builder b = OptimizerState.builder(name, chain.toString())
                .put("groups", groups.size())
                .put("parameters", slots.length);
        for (int g = 0; g < groups.size(); g++) {
            Group group = groups.get(g);
            b.put("group." + g + ".size", group.parameters().size())
                    .put("group." + g + ".baseLr", group.baseLr())
                    .put("group." + g + ".lr", group.lr())
                    .put("group." + g + ".weightDecay", group.weightDecay());
        }
        for (int i = 0; i < slots.length; i++) {
            b.put(stepKey(i), slots[i].step());
            for (int k = 0; k < chain.size(); k++) {
                for (Map.Entry<String, Tensor> e : slots[i].state(k).tensors().entrySet()) {
                    b.putCopy(tensorKey(i, k, e.getKey()), e.getValue());
                }
            }
        }
        return b.build();
    }

    @Override
    public void load(OptimizerState state) {
        state.checkSavedBy(name, chain.toString());
        ParameterNames.check(ParameterNames.in(state.metadata().keySet(), STEP), names);
        Set<String> metadataKeys = new HashSet<>(List.of("optimizer", "description", "groups", "parameters"));
        Set<String> tensorKeys = new HashSet<>();
        expect(state, "groups", groups.size());
        expect(state, "parameters", slots.length);
        double[][] settings = new double[groups.size()][];
        for (int g = 0; g < groups.size(); g++) {
            String p = "group." + g + ".";
            expect(state, p + "size", groups.get(g).parameters().size());
            settings[g] = new double[] {setting(state, p + "baseLr"), setting(state, p + "lr"),
                setting(state, p + "weightDecay")};
            metadataKeys.addAll(List.of(p + "size", p + "baseLr", p + "lr", p + "weightDecay"));
        }
        long[] steps = new long[slots.length];
        List<Tensor[]> copies = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
            String key = stepKey(i);
            steps[i] = state.longValue(key);
            if (steps[i] < 0) {
                throw new InvalidInputException(OptimizerState.SOURCE, "entry '" + key + "'", "negative step count");
            }
            // Above 2^53 the step no longer converts to double exactly and t + 1 heads for overflow: the bias
            // corrections 1 - beta^t would be garbage (NaN after an overflow). No real run gets near it.
            if (steps[i] > MAX_STEP) {
                throw new InvalidInputException(OptimizerState.SOURCE, "entry '" + key + "'", "step count " + steps[i]
                        + " is above 2^53");
            }
            metadataKeys.add(key);
            for (int k = 0; k < chain.size(); k++) {
                for (Map.Entry<String, Tensor> e : slots[i].state(k).tensors().entrySet()) {
                    String tk = tensorKey(i, k, e.getKey());
                    Tensor target = e.getValue();
                    copies.add(new Tensor[] {target, state.tensor(tk, target.dtype(), target.shape())});
                    tensorKeys.add(tk);
                }
            }
        }
        state.checkOnly(tensorKeys, metadataKeys);
        for (int g = 0; g < groups.size(); g++) {
            groups.get(g).restore(settings[g][0], settings[g][1], settings[g][2]);
        }
        for (int i = 0; i < slots.length; i++) {
            slots[i].setStep(steps[i]);
        }
        for (Tensor[] c : copies) {
            c[0].copyFrom(c[1]);
        }
    }

    private String stepKey(int param) {
        return ParameterNames.PREFIX + names.get(param) + STEP;
    }

    private String tensorKey(int param, int stage, String field) {
        return ParameterNames.key(names.get(param), chain.get(stage).name() + "." + field);
    }

    private static double setting(OptimizerState state, String key) {
        double v = state.doubleValue(key);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new InvalidInputException(OptimizerState.SOURCE, "entry '" + key + "'", v + " is outside [0, inf)");
        }
        return v;
    }

    private static void expect(OptimizerState state, String key, long value) {
        long saved = state.longValue(key);
        if (saved != value) {
            throw new InvalidInputException(OptimizerState.SOURCE, "entry '" + key + "'", "saved with " + saved
                    + ", this optimizer has " + value);
        }
    }

    @Override
    public String toString() {
        return name + " " + chain + (clipping == GradientClipping.NONE ? "" : " after clipping " + clipping);
    }
}
