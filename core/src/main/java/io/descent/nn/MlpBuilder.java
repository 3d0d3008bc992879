package io.descent.nn;

import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The settings of a multilayer perceptron, with their defaults in one place (DESIGN rule 5), from
 * {@link Models#mlp(int, int)}. Each setter checks its value at once and says the valid range; {@link #build()}
 * makes the model.
 *
 * <pre>{@code
 * Module mlp = Models.mlp(784, 10).hidden(256, 128).build();                 // ReLU, no BatchNorm, seed 0
 * Module bn = Models.mlp(784, 10).hidden(1000, 1000).activation(Tanh::new).batchNorm(true).dropout(0.2)
 *         .seed(1).dtype(DType.FLOAT64).build();
 * }</pre>
 *
 * <p>The model is a {@link Sequential}: for each hidden width h, Linear(., h), then BatchNorm1d(h) if
 * {@code batchNorm}, the activation, then Dropout(dropout) if {@code dropout > 0}; and a last Linear(., out)
 * with no activation (losses take raw scores). With no hidden layer it is one Linear(in, out). Weights are
 * initialized as PyTorch does: each Linear and Dropout layer draws from its own generator split off
 * {@code new Rng(seed)} in order, so the same settings give the same model.
 */
public final class MlpBuilder {
    private final int in;
    private final int out;
    private int[] hidden = {};
    private Supplier<? extends Module> activation = ReLU::new;
    private boolean batchNorm = false;
    private double dropout = 0;
    private long seed = 0;
    private DType dtype = DType.FLOAT32;

    MlpBuilder(int in, int out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("mlp: inputs and outputs must be >= 1, got in = " + in + ", out = " + out);
        }
        this.in = in;
        this.out = out;
    }

    /** The widths of the hidden layers, input side first, each >= 1; default none. */
    public MlpBuilder hidden(int... widths) {
        Objects.requireNonNull(widths, "mlp: hidden widths");
        for (int h : widths) {
            if (h < 1) {
                throw new IllegalArgumentException("mlp: hidden widths must be >= 1, got " + h);
            }
        }
        this.hidden = widths.clone();
        return this;
    }

    /** Makes one activation module per hidden layer, e.g. {@code Tanh::new}; default {@code ReLU::new}. */
    public MlpBuilder activation(Supplier<? extends Module> activation) {
        this.activation = Objects.requireNonNull(activation, "mlp: activation");
        return this;
    }

    /** A BatchNorm1d after each hidden Linear layer, before the activation; default false. */
    public MlpBuilder batchNorm(boolean on) {
        this.batchNorm = on;
        return this;
    }

    /** The probability of a Dropout layer after each hidden activation, in [0, 1); 0, the default, adds none. */
    public MlpBuilder dropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("mlp: dropout = " + p + " is outside [0, 1)");
        }
        this.dropout = p;
        return this;
    }

    /** The seed of the weights and the dropout masks; default 0. */
    public MlpBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The type of the weights; default float32. */
    public MlpBuilder dtype(DType dtype) {
        this.dtype = Objects.requireNonNull(dtype, "mlp: dtype");
        return this;
    }

    /** A new model with these settings; the builder may be changed and built again. */
    public Module build() {
        Rng rng = new Rng(seed);
        List<Module> layers = new ArrayList<>();
        int width = in;
        for (int h : hidden) {
            layers.add(new Linear(width, h, true, dtype, rng.split()));
            if (batchNorm) {
                layers.add(new BatchNorm1d(h, dtype));
            }
            layers.add(activation.get());
            if (dropout > 0) {
                layers.add(new Dropout(dropout, rng.split()));
            }
            width = h;
        }
        layers.add(new Linear(width, out, true, dtype, rng.split()));
        return new Sequential(layers);
    }
}
