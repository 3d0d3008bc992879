package io.descent.tensor;

import java.util.Arrays;

/** The dimensions of a dense row-major tensor, rank 0 (a scalar) to 4. Immutable. */
public final class Shape {
    public static final int MAX_RANK = 4;
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        this.dims = dims;
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        this.size = (int) n;
    }

    public static Shape of(int... dims) {
        if (dims.length == 0) {
            return SCALAR;
        }
        if (dims.length > MAX_RANK) {
            throw new IllegalArgumentException("shape " + Arrays.toString(dims) + ": rank " + dims.length
                    + " is above the maximum rank " + MAX_RANK);
        }
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + ": dimensions must be >= 0");
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + ": more than 2^31 elements");
            }
        }
        return new Shape(dims.clone());
    }

    public static Shape scalar() {
        return SCALAR;
    }

    public int rank() {
        return dims.length;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Dimension {@code i}; negative indices count from the end, as in NumPy. */
    public int dim(int i) {
        return dims[axis(i)];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Normalizes an axis index (negative counts from the end) and checks its range. */
    public int axis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + this);
        }
        return a;
    }

    /** Product of the dimensions before {@code axis}. */
    public int outer(int axis) {
        int n = 1;
        for (int i = 0; i < axis; i++) {
            n *= dims[i];
        }
        return n;
    }

    /** Product of the dimensions after {@code axis}. */
    public int inner(int axis) {
        int n = 1;
        for (int i = axis + 1; i < dims.length; i++) {
            n *= dims[i];
        }
        return n;
    }

    /** This shape with dimension {@code axis} replaced by {@code value}. */
    public Shape with(int axis, int value) {
        int[] d = dims.clone();
        d[axis(axis)] = value;
        return of(d);
    }

    /** This shape without dimension {@code axis} (a reduction that does not keep it). */
    public Shape without(int axis) {
        int a = axis(axis);
        int[] d = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i != a) {
                d[j++] = dims[i];
            }
        }
        return of(d);
    }

    /** Row-major strides in elements. */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /**
     * The NumPy broadcast of two shapes: aligned from the right, each pair of dimensions must be equal or
     * one of them 1.
     */
    public static Shape broadcast(String op, Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": " + a + " and " + b
                        + ": shapes do not broadcast (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = Math.max(da, db);
            if (da == 0 || db == 0) {
                out[i] = 0;
            }
        }
        return of(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
