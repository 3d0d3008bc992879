package io.descent.spark;

import io.descent.tensor.DType;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Numbers of a model in one flat array, in the model's dtype: its weights, a gradient, a sum of gradients.
 * This is what crosses the wire between the driver and the executors (a primitive array, nothing else), so
 * float32 models ship 4 bytes per parameter.
 */
public final class FlatVector implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Bytes Java serialization adds around the array (class descriptor and length), measured: about 30. */
    static final int OVERHEAD_BYTES = 32;

    private final float[] f;
    private final double[] d;

    private FlatVector(float[] f, double[] d) {
        this.f = f;
        this.d = d;
    }

    public static FlatVector zeros(DType dtype, int n) {
        return dtype == DType.FLOAT32 ? new FlatVector(new float[n], null) : new FlatVector(null, new double[n]);
    }

    public static FlatVector wrap(float[] values) {
        return new FlatVector(values, null);
    }

    public static FlatVector wrap(double[] values) {
        return new FlatVector(null, values);
    }

    public DType dtype() {
        return f != null ? DType.FLOAT32 : DType.FLOAT64;
    }

    public int size() {
        return f != null ? f.length : d.length;
    }

    /** The payload in bytes: 4 or 8 per value. */
    public long bytes() {
        return (long) size() * (f != null ? 4 : 8);
    }

    /** The float32 values, shared. */
    public float[] floats() {
        if (f == null) {
            throw new IllegalStateException("a float64 vector has no float32 values");
        }
        return f;
    }

    /** The float64 values, shared. */
    public double[] doubles() {
        if (d == null) {
            throw new IllegalStateException("a float32 vector has no float64 values");
        }
        return d;
    }

    public double get(int i) {
        return f != null ? f[i] : d[i];
    }

    /** this += scale * other, element by element, in this vector's precision. */
    public FlatVector addScaled(FlatVector other, double scale) {
        checkSame(other);
        if (f != null) {
            float[] o = other.f;
            float s = (float) scale;
            if (scale == 1) {
                for (int i = 0; i < f.length; i++) {
                    f[i] += o[i];
                }
            } else {
                for (int i = 0; i < f.length; i++) {
                    f[i] += s * o[i];
                }
            }
        } else {
            double[] o = other.d;
            for (int i = 0; i < d.length; i++) {
                d[i] += scale * o[i];
            }
        }
        return this;
    }

    /** this *= scale. */
    public FlatVector scale(double scale) {
        if (f != null) {
            float s = (float) scale;
            for (int i = 0; i < f.length; i++) {
                f[i] *= s;
            }
        } else {
            for (int i = 0; i < d.length; i++) {
                d[i] *= scale;
            }
        }
        return this;
    }

    public FlatVector copy() {
        return f != null ? new FlatVector(f.clone(), null) : new FlatVector(null, d.clone());
    }

    private void checkSame(FlatVector other) {
        if (other.dtype() != dtype() || other.size() != size()) {
            throw new IllegalArgumentException("flat vectors differ: " + dtype() + " [" + size() + "] and "
                    + other.dtype() + " [" + other.size() + "]");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlatVector v && Arrays.equals(f, v.f) && Arrays.equals(d, v.d);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(f) + Arrays.hashCode(d);
    }

    @Override
    public String toString() {
        return "FlatVector(" + dtype().name().toLowerCase() + " [" + size() + "])";
    }
}
