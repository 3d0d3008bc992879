package io.descent.spark;

import io.descent.autograd.GradMode;
import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.List;

/**
 * Copies between a model's parameters (or their gradients) and one {@link FlatVector}, in the order of
 * {@code Module.parameters()}. All parameters must share one dtype, the vector's.
 */
final class ParameterVectors {
    private ParameterVectors() {
    }

    /** The one dtype of all the parameters. */
    static DType dtype(List<Parameter> parameters) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("the model has no parameters to train");
        }
        DType dtype = parameters.get(0).value().dtype();
        for (Parameter p : parameters) {
            if (p.value().dtype() != dtype) {
                throw new IllegalArgumentException("parameters " + parameters.get(0) + " and " + p
                        + " differ in dtype; distributed training needs one dtype for the whole model");
            }
        }
        return dtype;
    }

    static int count(List<Parameter> parameters) {
        long n = 0;
        for (Parameter p : parameters) {
            n += p.size();
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the model has " + n + " parameters, more than one array holds");
        }
        return (int) n;
    }

    /** The parameters' values, copied into a new vector. */
    static FlatVector values(List<Parameter> parameters) {
        FlatVector out = FlatVector.zeros(dtype(parameters), count(parameters));
        int at = 0;
        for (Parameter p : parameters) {
            at = copyOut(p.value(), out, at);
        }
        return out;
    }

    /** Writes {@code v} into the parameters' values. */
    static void load(FlatVector v, List<Parameter> parameters) {
        checkSize(v, parameters);
        try (var scope = GradMode.disabled()) {
            int at = 0;
            for (Parameter p : parameters) {
                at = copyIn(v, at, p.value(), 1.0);
            }
        }
    }

    /** The tensors' values (a model's buffers), copied into a new vector of {@code dtype}; null for no tensors. */
    static FlatVector valuesOf(List<Tensor> tensors, DType dtype) {
        if (tensors.isEmpty()) {
            return null;
        }
        long n = 0;
        for (Tensor t : tensors) {
            n += t.size();
        }
        FlatVector out = FlatVector.zeros(dtype, Math.toIntExact(n));
        int at = 0;
        for (Tensor t : tensors) {
            at = copyOut(t, out, at);
        }
        return out;
    }

    /** Writes {@code v} into the tensors (a model's buffers), in order; nothing for a null vector. */
    static void loadInto(FlatVector v, List<Tensor> tensors) {
        if (v == null) {
            return;
        }
        int at = 0;
        for (Tensor t : tensors) {
            at = copyIn(v, at, t, 1.0);
        }
        if (at != v.size()) {
            throw new IllegalArgumentException("a vector of " + v.size() + " values does not fit buffers of " + at);
        }
    }

    /**
     * Adds {@code scale * v} into every parameter's gradient (after {@code zeroGrad()} the gradient reads as zeros, so
     * the first batch of an accumulated step sets it).
     */
    static void addGradients(List<Parameter> parameters, FlatVector v, double scale) {
        checkSize(v, parameters);
        int at = 0;
        for (Parameter p : parameters) {
            at = addIn(v, at, gradientBuffer(p), scale);
        }
    }

    /** The parameters' gradients in a new vector (zeros for a parameter that backward did not reach). */
    static FlatVector gradients(List<Parameter> parameters) {
        FlatVector out = FlatVector.zeros(dtype(parameters), count(parameters));
        int at = 0;
        for (Parameter p : parameters) {
            if (p.grad() != null) {
                copyOut(p.grad(), out, at);
            }
            at += p.size();
        }
        return out;
    }

    /** Sets every parameter's gradient to {@code scale * v} (reusing the gradient buffers already there). */
    static void setGradients(List<Parameter> parameters, FlatVector v, double scale) {
        checkSize(v, parameters);
        int at = 0;
        for (Parameter p : parameters) {
            at = copyIn(v, at, gradientBuffer(p), scale);
        }
    }

    /** The parameter's gradient buffer, made (zeros) when backward has not reached it yet. */
    private static Tensor gradientBuffer(Parameter p) {
        Tensor g = p.grad();
        if (g == null || !g.isLeaf()) {
            g = Tensor.zeros(p.value().dtype(), p.value().shape());
            p.value().setGrad(g);
        }
        return g;
    }

    /** t += scale * v[at ..], in v's precision; returns the position after t's values. */
    private static int addIn(FlatVector v, int at, Tensor t, double scale) {
        int n = t.size();
        int off = t.offset();
        if (v.dtype() == DType.FLOAT32) {
            float[] src = v.floats();
            float[] dst = t.floats();
            float s = (float) scale;
            for (int i = 0; i < n; i++) {
                dst[off + i] += s * src[at + i];
            }
        } else {
            double[] src = v.doubles();
            double[] dst = t.doubles();
            for (int i = 0; i < n; i++) {
                dst[off + i] += scale * src[at + i];
            }
        }
        return at + n;
    }

    private static int copyOut(Tensor t, FlatVector out, int at) {
        int n = t.size();
        if (out.dtype() == DType.FLOAT32) {
            System.arraycopy(t.floats(), t.offset(), out.floats(), at, n);
        } else {
            System.arraycopy(t.doubles(), t.offset(), out.doubles(), at, n);
        }
        return at + n;
    }

    private static int copyIn(FlatVector v, int at, Tensor t, double scale) {
        int n = t.size();
        int off = t.offset();
        if (v.dtype() == DType.FLOAT32) {
            float[] src = v.floats();
            float[] dst = t.floats();
            if (scale == 1) {
                System.arraycopy(src, at, dst, off, n);
            } else {
                float s = (float) scale;
                for (int i = 0; i < n; i++) {
                    dst[off + i] = s * src[at + i];
                }
            }
        } else {
            double[] src = v.doubles();
            double[] dst = t.doubles();
            for (int i = 0; i < n; i++) {
                dst[off + i] = scale * src[at + i];
            }
        }
        return at + n;
    }

    private static void checkSize(FlatVector v, List<Parameter> parameters) {
        if (v.size() != count(parameters) || v.dtype() != dtype(parameters)) {
            throw new IllegalArgumentException("a vector of " + v.size() + " " + v.dtype() + " values does not fit "
                    + "the model's " + count(parameters) + " " + dtype(parameters) + " parameters");
        }
    }
}
