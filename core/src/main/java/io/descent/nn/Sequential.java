package io.descent.nn;

import io.descent.data.CsrMatrix;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Modules applied one after the other; the children are named "0", "1", ... so parameter names match
 * PyTorch's {@code nn.Sequential} ("0.weight", "2.bias").
 *
 * <pre>{@code
 * Module mlp = new Sequential(new Linear(2, 16, true, rng), new ReLU(), new Linear(16, 1, true, rng));
 * }</pre>
 */
public final class Sequential extends Module {
    private final List<Module> layers;

    public Sequential(Module... layers) {
        this(List.of(layers));
    }

    public Sequential(List<? extends Module> layers) {
        this.layers = List.copyOf(layers);
        for (int i = 0; i < this.layers.size(); i++) {
            registerModule(Integer.toString(i), this.layers.get(i));
        }
    }

    /** The layers, in order. */
    public List<Module> layers() {
        return layers;
    }

    public Module get(int i) {
        return layers.get(i);
    }

    public int size() {
        return layers.size();
    }

    /**
     * The layers in turn. A ReLU right after a Linear, Conv2d or BatchNorm layer rectifies that layer's fresh
     * output in place ({@link Tensor#reluInPlace}): only this loop holds it, and those layers' gradients do not
     * read it. Conv2d, ReLU, MaxPool2d(2) run as one operation where the backend offers it
     * ({@link Conv2d#forwardReluMaxPool}: oneDNN), with the same values and gradients.
     */
    @Override
    public Tensor forward(Tensor x) {
        return forwardFrom(0, x);
    }

    /** The first layer takes the sparse rows (it must be a {@link Linear} layer), the others its output. */
    @Override
    public Tensor forwardSparse(CsrMatrix x) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("an empty Sequential does not take sparse input");
        }
        return forwardFrom(1, layers.get(0).forwardSparse(x));
    }

    private Tensor forwardFrom(int first, Tensor x) {
        Tensor y = x;
        for (int i = first; i < layers.size(); i++) {
            Module m = layers.get(i);
            if (m instanceof Conv2d conv && startsConvReluPool(i)) {
                Tensor pooled = conv.forwardReluMaxPool(y);
                if (pooled != null) {
                    y = pooled;
                    i += 2;
                    continue;
                }
            }
            Module before = i > 0 ? layers.get(i - 1) : null;
            boolean fresh = before instanceof Linear || before instanceof Conv2d || before instanceof BatchNorm;
            y = fresh && m instanceof ReLU ? y.reluInPlace() : m.forward(y);
        }
        return y;
    }

    /** Whether layers i, i + 1, i + 2 are Conv2d, ReLU, MaxPool2d(2): a block a backend may run as one. */
    private boolean startsConvReluPool(int i) {
        return i + 2 < layers.size() && layers.get(i + 1) instanceof ReLU
                && layers.get(i + 2) instanceof MaxPool2d pool && pool.isTwoByTwo();
    }

    @Override
    public Spec spec() {
        List<Spec> kids = new ArrayList<>();
        for (Module m : layers) {
            kids.add(m.spec());
        }
        return Spec.of("Sequential").withChildren(kids);
    }
}
