package io.descent.curvature;

import io.descent.autograd.GradMode;
import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;

/**
 * Parameters seen as one flat float64 vector, in the layout of {@link HessianOperator}: each parameter's values
 * in its row-major order, concatenated in list order. Reads and writes the values, and the gradient of a loss.
 */
public final class ParameterVector {
    private final List<Parameter> parameters;
    private final int k;

    /** @throws IllegalArgumentException for no parameters, or one that is not float64 */
    public ParameterVector(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
        long count = 0;
        for (Parameter p : this.parameters) {
            if (p.value().dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("curvature: needs float64 parameters (float32 rounding would swamp the "
                        + "differences and products), got " + p);
            }
            count += p.size();
        }
        if (count == 0 || count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("curvature: the parameters hold " + count + " values");
        }
        this.k = (int) count;
    }

    public int dimension() {
        return k;
    }

    /** The current values, into {@code out} (length k). */
    public void read(double[] out) {
        int offset = 0;
        for (Parameter p : parameters) {
            Tensor v = p.value();
            System.arraycopy(v.doubles(), v.offset(), out, offset, v.size());
            offset += v.size();
        }
    }

    /** Writes {@code w} + {@code t} {@code v} into the parameters (v null: w alone). */
    public void write(double[] w, double t, double[] v) {
        try (var scope = GradMode.disabled()) {
            int offset = 0;
            for (Parameter p : parameters) {
                Tensor value = p.value();
                double[] data = value.doubles();
                int at = value.offset();
                for (int i = 0; i < value.size(); i++) {
                    data[at + i] = v == null ? w[offset + i] : Math.fma(t, v[offset + i], w[offset + i]);
                }
                offset += value.size();
            }
        }
    }

    /** The gradient of {@code loss} (a scalar) at the parameters' current values, into {@code out}; returns the loss. */
    public double gradient(Supplier<Tensor> loss, double[] out) {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
        Tensor l = loss.get();
        if (l.size() != 1) {
            throw new IllegalArgumentException("curvature: the loss must be a scalar, got shape " + l.shape());
        }
        l.backward();
        int offset = 0;
        for (Parameter p : parameters) {
            Tensor g = p.grad();
            if (g == null) {
                java.util.Arrays.fill(out, offset, offset + p.size(), 0);
            } else {
                for (int i = 0; i < p.size(); i++) {
                    out[offset + i] = g.getFlat(i);
                }
            }
            offset += p.size();
        }
        return l.item();
    }
}
