package io.descent.optim;

import io.descent.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An optimizer's update rule as a sequence of {@link GradientTransform}s, read left to right:
 *
 * <pre>{@code
 * Chain.of(addWeightDecay(), trace(0.9, 0, false), descend())      // SGD with momentum
 * Chain.of(addWeightDecay(), adamStep(0.9, 0.999, 1e-8, false))     // Adam
 * Chain.of(decoupledWeightDecay(), adamStep(0.9, 0.999, 1e-8, false))  // AdamW
 * }</pre>
 *
 * The last transform applies the update to the parameter and no other does; names are unique because
 * saved states are keyed by them.
 *
 * <p>SGD's momentum followed by the plain descent, {@code trace(...), descend()}, runs as one pass over the
 * parameter ({@link Trace#updateAndDescend}): the same arithmetic without the round trip of the update
 * through memory. The chain, its description and its saved state stay those of the two transforms.
 */
public final class Chain {
    private final GradientTransform<?>[] transforms;
    /** Whether the last two transforms are a trace and descend(), run as one pass. */
    private final boolean traceThenDescend;

    private Chain(List<GradientTransform<?>> transforms) {
        if (transforms.isEmpty()) {
            throw new IllegalArgumentException("chain: needs at least one transform");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < transforms.size(); i++) {
            GradientTransform<?> t = transforms.get(i);
            boolean last = i == transforms.size() - 1;
            if (t.appliesUpdate() != last) {
                throw new IllegalArgumentException("chain " + describe(transforms) + ": " + t.name()
                        + (last ? " does not apply the update; end the chain with descend() or another step rule"
                                : " applies the update and must come last"));
            }
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("chain " + describe(transforms) + ": " + t.name()
                        + " appears twice; saved states are keyed by transform name");
            }
        }
        this.transforms = transforms.toArray(new GradientTransform<?>[0]);
        int n = this.transforms.length;
        this.traceThenDescend = n >= 2 && this.transforms[n - 2] instanceof Trace && this.transforms[n - 1] instanceof Descend;
    }

    public static Chain of(GradientTransform<?>... transforms) {
        return new Chain(List.of(transforms));
    }

    public static Chain of(List<GradientTransform<?>> transforms) {
        return new Chain(transforms);
    }

    public int size() {
        return transforms.length;
    }

    public GradientTransform<?> get(int i) {
        return transforms[i];
    }

    TransformState[] init(Tensor parameter) {
        TransformState[] states = new TransformState[transforms.length];
        for (int i = 0; i < states.length; i++) {
            states[i] = transforms[i].init(parameter);
        }
        return states;
    }

    /** Whether every stage leaves zero-gradient elements unchanged for this slot now, so that a step may be sparse. */
    @SuppressWarnings("unchecked")
    boolean skipsZeroGradients(Slot slot) {
        for (GradientTransform<?> t : transforms) {
            if (!t.skipsZeroGradients(slot)) {
                return false;
            }
        }
        return true;
    }

    /** Runs every stage on one parameter: on its listed elements only in a sparse step. */
    @SuppressWarnings("unchecked")
    void update(Slot slot) {
        if (slot.isSparse()) {
            for (int i = 0; i < transforms.length; i++) {
                ((GradientTransform<TransformState>) transforms[i]).updateAt(slot, slot.state(i), slot.elements(),
                        slot.elementCount());
                slot.endStage();
            }
            return;
        }
        int separate = traceThenDescend ? transforms.length - 2 : transforms.length;
        for (int i = 0; i < separate; i++) {
            ((GradientTransform<TransformState>) transforms[i]).update(slot, slot.state(i));
            slot.endStage();
        }
        if (traceThenDescend) {
            ((Trace) transforms[separate]).updateAndDescend(slot, (Trace.State) slot.state(separate));
        }
    }

    @Override
    public String toString() {
        return describe(List.of(transforms));
    }

    private static String describe(List<GradientTransform<?>> transforms) {
        return transforms.stream().map(Object::toString).collect(Collectors.joining(", ", "chain(", ")"));
    }
}
