package io.descent.tensor;

import java.util.Arrays;

/** The shape kernels: reshape inference, transpose, row slices and gathers, concatenation. */
final class Shapes {
    private Shapes() {
    }

    static void checkSame(String op, Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape()) || a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": " + describe(a) + " and " + describe(b) + " differ");
        }
    }

    static String describe(Tensor t) {
        return t.dtype().name().toLowerCase() + " " + t.shape();
    }

    static void checkIndex(int i, int size) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index " + i + " is outside [0, " + size + ")");
        }
    }

    /** The shape of {@code length} values: {@code shape}, or [length] when shape is empty and length is not 1. */
    static Shape shapeFor(String op, int length, int[] shape) {
        Shape s = shape.length == 0 && length != 1 ? Shape.of(length) : Shape.of(shape);
        if (s.size() != length) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + s);
        }
        return s;
    }

    /** The row-major position of a multi-dimensional index into {@code shape}. */
    static int flatIndex(Shape shape, int[] index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " does not fit shape " + shape);
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape.dim(i)) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is outside shape " + shape);
            }
            flat = flat * shape.dim(i) + index[i];
        }
        return flat;
    }

    static Shape inferReshape(Shape from, int[] dims) {
        int[] out = dims.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (unknown >= 0) {
                    throw new IllegalArgumentException("reshape: " + from + " to " + Arrays.toString(dims)
                            + ": only one dimension can be -1");
                }
                unknown = i;
            } else {
                known *= out[i];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || from.size() % known != 0) {
                throw new IllegalArgumentException("reshape: " + from + " to " + Arrays.toString(dims)
                        + ": " + from.size() + " elements do not divide into the known dimensions");
            }
            out[unknown] = (int) (from.size() / known);
            known *= out[unknown];
        }
        if (known != from.size()) {
            throw new IllegalArgumentException("reshape: " + from + " to " + Arrays.toString(dims) + ": "
                    + from.size() + " elements cannot take a shape of " + known);
        }
        return Shape.of(out);
    }

    static Tensor transpose(Tensor x) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException("transpose: " + x.shape() + ": needs a rank-2 tensor");
        }
        int r = x.dim(0);
        int c = x.dim(1);
        Tensor out = Tensor.zeros(x.dtype(), c, r);
        int o = x.offset();
        if (x.dtype() == DType.FLOAT32) {
            float[] a = x.floats();
            float[] t = out.floats();
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    t[j * r + i] = a[o + i * c + j];
                }
            }
        } else {
            double[] a = x.doubles();
            double[] t = out.doubles();
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    t[j * r + i] = a[o + i * c + j];
                }
            }
        }
        return out;
    }

    static Tensor sliceRows(Tensor x, int from, int to) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException("sliceRows: a scalar has no rows");
        }
        int rows = x.dim(0);
        if (from < 0 || to > rows || from > to) {
            throw new IndexOutOfBoundsException("sliceRows: rows [" + from + ", " + to + ") of " + x.shape());
        }
        int row = rows == 0 ? 0 : x.size() / rows;
        return x.view(x.shape().with(0, to - from), from * row);
    }

    static Tensor gatherRows(Tensor x, int[] indices) {
        int rows = x.dim(0);
        int row = rows == 0 ? 0 : x.size() / rows;
        Tensor out = Tensor.zeros(x.dtype(), x.shape().with(0, indices.length));
        for (int k = 0; k < indices.length; k++) {
            int r = indices[k];
            if (r < 0 || r >= rows) {
                throw new IndexOutOfBoundsException("gatherRows: row " + r + " of " + x.shape());
            }
            if (x.dtype() == DType.FLOAT32) {
                System.arraycopy(x.floats(), x.offset() + r * row, out.floats(), k * row, row);
            } else {
                System.arraycopy(x.doubles(), x.offset() + r * row, out.doubles(), k * row, row);
            }
        }
        return out;
    }

    /** Copies all of {@code src} into {@code dst} starting at element {@code at} of dst. */
    static void copyInto(Tensor src, Tensor dst, int at) {
        if (src.dtype() == DType.FLOAT32) {
            System.arraycopy(src.floats(), src.offset(), dst.floats(), dst.offset() + at, src.size());
        } else {
            System.arraycopy(src.doubles(), src.offset(), dst.doubles(), dst.offset() + at, src.size());
        }
    }

    static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: no tensors");
        }
        Tensor first = parts[0];
        int a = first.shape().axis(axis);
        int sum = 0;
        for (Tensor p : parts) {
            ElementWise.checkDTypes("concat", first, p);
            if (p.rank() != first.rank()) {
                throw new IllegalArgumentException("concat: " + first.shape() + " and " + p.shape() + ": ranks differ");
            }
            for (int i = 0; i < p.rank(); i++) {
                if (i != a && p.dim(i) != first.dim(i)) {
                    throw new IllegalArgumentException("concat along axis " + a + ": " + first.shape() + " and "
                            + p.shape() + " differ in dimension " + i);
                }
            }
            sum += p.dim(a);
        }
        int total = sum;
        Shape outShape = first.shape().with(a, total);
        Tensor out = Tensor.zeros(first.dtype(), outShape);
        int outer = outShape.outer(a);
        int inner = outShape.inner(a);
        int start = 0;
        int[] starts = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            Tensor p = parts[k];
            starts[k] = start;
            int chunk = p.dim(a) * inner;
            for (int o = 0; o < outer; o++) {
                copyRange(p, o * chunk, out, o * total * inner + start * inner, chunk);
            }
            start += p.dim(a);
        }
        return DoubleBackward.record("concat", out, g -> {
            Tensor[] grads = new Tensor[parts.length];
            for (int k = 0; k < parts.length; k++) {
                if (g.requiresGrad()) {
                    grads[k] = Gather.of(g, concatPart(parts[k].shape(), a, inner, total, starts[k]),
                            parts[k].shape().dims());
                    continue;
                }
                Tensor gp = Tensor.zeros(g.dtype(), parts[k].shape());
                int chunk = parts[k].dim(a) * inner;
                for (int o = 0; o < outer; o++) {
                    copyRange(g, o * total * inner + starts[k] * inner, gp, o * chunk, chunk);
                }
                grads[k] = gp;
            }
            return grads;
        }, parts);
    }

    /** The flat indices in the concatenation (total along axis a) of the part of this shape starting at start. */
    private static int[] concatPart(Shape part, int a, int inner, int total, int start) {
        int chunk = part.dim(a) * inner;
        int[] at = new int[part.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = i / chunk * total * inner + start * inner + i % chunk;
        }
        return at;
    }

    private static void copyRange(Tensor src, int srcAt, Tensor dst, int dstAt, int n) {
        if (src.dtype() == DType.FLOAT32) {
            System.arraycopy(src.floats(), src.offset() + srcAt, dst.floats(), dst.offset() + dstAt, n);
        } else {
            System.arraycopy(src.doubles(), src.offset() + srcAt, dst.doubles(), dst.offset() + dstAt, n);
        }
    }
}
