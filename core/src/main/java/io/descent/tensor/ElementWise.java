package io.descent.tensor;

/**
 * The element-wise kernels: plain loops over the primitive arrays, one tensor allocated for the result and
 * nothing per element. Float32 values are widened to double for the arithmetic and rounded once, which for
 * + - * / gives exactly the float32 result.
 *
 * <p>The float32 loops index every array with the same i: the JIT vectorizes a loop only when its arrays are
 * indexed alike (with x[xo + i] next to out[i] it cannot rule out an overlap, and the loop runs 5 to 9 times
 * slower). An operand that starts at an offset, a rare view, is therefore copied to a dense tensor first
 * ({@link #dense}); large loops are split across the cores ({@link Parallel}).
 */
final class ElementWise {
    private ElementWise() {
    }

    static Tensor map(UnaryOp op, Tensor x, double p) {
        Tensor out = Tensor.empty(x.dtype(), x.shape());
        if (x.dtype() == DType.FLOAT32) {
            float[] a = dense(x).floats();
            float[] o = out.floats();
            Parallel.forRange(x.size(), Parallel.GRAIN, (from, to) -> mapF32(op, a, o, p, from, to));
        } else {
            double[] a = x.doubles();
            double[] o = out.doubles();
            int xo = x.offset();
            for (int i = 0; i < o.length; i++) {
                o[i] = op.apply(a[xo + i], p);
            }
        }
        return out;
    }

    /** x = op(x, p) over x's own elements, for a float32 x whose elements start at index 0 of its array. */
    static void mapInPlace(UnaryOp op, Tensor x, double p) {
        float[] a = x.floats();
        Parallel.forRange(x.size(), Parallel.GRAIN, (from, to) -> mapF32(op, a, a, p, from, to));
    }

    /** {@code t} itself when its elements start at index 0 of its array, else a dense copy. */
    static Tensor dense(Tensor t) {
        return t.offset() == 0 ? t : t.copy();
    }

    /** o[i] = op(a[i]) for i in [from, to); the common ops as loops the JIT vectorizes. */
    private static void mapF32(UnaryOp op, float[] a, float[] o, double p, int from, int to) {
        switch (op) {
            case RELU -> {
                // Math.max, not v > 0 ? v : 0: it compiles to a vector max, where the branch mispredicts on
                // every other element of random signs (50 times slower on 1M values).
                for (int i = from; i < to; i++) {
                    o[i] = Math.max(a[i], 0f);
                }
            }
            case NEG -> {
                for (int i = from; i < to; i++) {
                    o[i] = -a[i];
                }
            }
            case MUL_SCALAR -> {
                float s = (float) p;
                for (int i = from; i < to; i++) {
                    o[i] = a[i] * s;
                }
            }
            default -> {
                for (int i = from; i < to; i++) {
                    o[i] = (float) op.apply(a[i], p);
                }
            }
        }
    }

    static Tensor zip(BinaryOp op, Tensor a, Tensor b) {
        checkDTypes(op.opName, a, b);
        Shape shape = a.shape().equals(b.shape()) ? a.shape() : Shape.broadcast(op.opName, a.shape(), b.shape());
        Tensor out = Tensor.empty(a.dtype(), shape);
        if (a.shape().equals(b.shape())) {
            flat(op, a, b, out);
        } else {
            strided(op, a, b, out);
        }
        return out;
    }

    static void checkDTypes(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": " + a.dtype().name().toLowerCase() + " " + a.shape() + " and "
                    + b.dtype().name().toLowerCase() + " " + b.shape() + ": dtypes differ; convert one with to(DType)");
        }
    }

    private static void flat(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        if (a.dtype() == DType.FLOAT32) {
            float[] x = dense(a).floats();
            float[] y = dense(b).floats();
            float[] o = out.floats();
            Parallel.forRange(out.size(), Parallel.GRAIN, (from, to) -> flatF32(op, x, y, o, from, to));
        } else {
            double[] x = a.doubles();
            double[] y = b.doubles();
            double[] o = out.doubles();
            int ao = a.offset();
            int bo = b.offset();
            for (int i = 0; i < o.length; i++) {
                o[i] = op.apply(x[ao + i], y[bo + i]);
            }
        }
    }

    /** o[i] = op(x[i], y[i]) for i in [from, to). */
    private static void flatF32(BinaryOp op, float[] x, float[] y, float[] o, int from, int to) {
        switch (op) {
            case ADD -> {
                for (int i = from; i < to; i++) {
                    o[i] = x[i] + y[i];
                }
            }
            case SUB -> {
                for (int i = from; i < to; i++) {
                    o[i] = x[i] - y[i];
                }
            }
            case MUL -> {
                for (int i = from; i < to; i++) {
                    o[i] = x[i] * y[i];
                }
            }
            default -> {
                for (int i = from; i < to; i++) {
                    o[i] = (float) op.apply(x[i], y[i]);
                }
            }
        }
    }

    /** Broadcasting: both operands are read through strides padded to rank 4, a stride of 0 repeating a value. */
    private static void strided(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] od = padded(out.shape());
        int[] as = broadcastStrides(a.shape(), od);
        int[] bs = broadcastStrides(b.shape(), od);
        int n = od[3];
        int oi = 0;
        boolean f32 = a.dtype() == DType.FLOAT32;
        for (int i0 = 0; i0 < od[0]; i0++) {
            for (int i1 = 0; i1 < od[1]; i1++) {
                for (int i2 = 0; i2 < od[2]; i2++) {
                    int ai = a.offset() + i0 * as[0] + i1 * as[1] + i2 * as[2];
                    int bi = b.offset() + i0 * bs[0] + i1 * bs[1] + i2 * bs[2];
                    int sa = as[3];
                    int sb = bs[3];
                    if (f32 && sa == 1 && sb == 1) {
                        contiguousRow(op, a.floats(), ai, b.floats(), bi, out.floats(), oi, n);
                    } else if (f32) {
                        float[] x = a.floats();
                        float[] y = b.floats();
                        float[] o = out.floats();
                        for (int i = 0; i < n; i++) {
                            o[oi + i] = (float) op.apply(x[ai + i * sa], y[bi + i * sb]);
                        }
                    } else {
                        double[] x = a.doubles();
                        double[] y = b.doubles();
                        double[] o = out.doubles();
                        for (int i = 0; i < n; i++) {
                            o[oi + i] = op.apply(x[ai + i * sa], y[bi + i * sb]);
                        }
                    }
                    oi += n;
                }
            }
        }
    }

    /** o[oo + i] = op(x[xo + i], y[yo + i]) for i in [0, n): a stretch where both operands are contiguous. */
    private static void contiguousRow(BinaryOp op, float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] + y[yo + i];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] - y[yo + i];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] * y[yo + i];
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) op.apply(x[xo + i], y[yo + i]);
                }
            }
        }
    }

    /**
     * The gradient of max(0, x) from the output y = max(0, x): g where y &gt; 0, else 0 (as PyTorch's
     * threshold_backward, which also lets the gradient of a NaN through). Branch-free, because the signs of
     * activations are random and a branch mispredicts on half of them: y is +0, positive or NaN, so its bit
     * pattern read as an integer is positive exactly when y &gt; 0 or NaN, and (-bits &gt;&gt; 31) is then a
     * mask of all ones that keeps the bits of g, and 0 for y = +0.
     */
    static Tensor reluBackward(Tensor g, Tensor y) {
        Tensor out = Tensor.empty(y.dtype(), y.shape());
        int n = y.size();
        if (y.dtype() == DType.FLOAT32) {
            float[] gv = dense(g).floats();
            float[] yv = dense(y).floats();
            float[] o = out.floats();
            Parallel.forRange(n, Parallel.GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    int keep = -Float.floatToRawIntBits(yv[i]) >> 31;
                    o[i] = Float.intBitsToFloat(Float.floatToRawIntBits(gv[i]) & keep);
                }
            });
        } else {
            double[] gv = g.doubles();
            double[] yv = y.doubles();
            double[] o = out.doubles();
            int go = g.offset();
            int yo = y.offset();
            for (int i = 0; i < n; i++) {
                long keep = -Double.doubleToRawLongBits(yv[yo + i]) >> 63;
                o[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(gv[go + i]) & keep);
            }
        }
        return out;
    }

    /**
     * Sums {@code g} over the dimensions that broadcasting expanded, giving a tensor of shape {@code target}:
     * the gradient of a broadcast operand.
     */
    static Tensor sumTo(Tensor g, Shape target) {
        if (g.shape().equals(target)) {
            return g;
        }
        Tensor out = Tensor.empty(g.dtype(), target);
        int[] gd = padded(g.shape());
        int[] ts = broadcastStrides(target, gd);
        int n = gd[3];
        int gi = g.offset();
        boolean f32 = g.dtype() == DType.FLOAT32;
        for (int i0 = 0; i0 < gd[0]; i0++) {
            for (int i1 = 0; i1 < gd[1]; i1++) {
                for (int i2 = 0; i2 < gd[2]; i2++) {
                    int ti = i0 * ts[0] + i1 * ts[1] + i2 * ts[2];
                    int st = ts[3];
                    if (f32) {
                        float[] x = g.floats();
                        float[] o = out.floats();
                        for (int i = 0; i < n; i++) {
                            o[ti + i * st] += x[gi + i];
                        }
                    } else {
                        double[] x = g.doubles();
                        double[] o = out.doubles();
                        for (int i = 0; i < n; i++) {
                            o[ti + i * st] += x[gi + i];
                        }
                    }
                    gi += n;
                }
            }
        }
        return out;
    }

    /** The dimensions of {@code s}, padded on the left with 1s to rank 4. */
    static int[] padded(Shape s) {
        int[] d = {1, 1, 1, 1};
        int r = s.rank();
        for (int i = 0; i < r; i++) {
            d[4 - r + i] = s.dim(i);
        }
        return d;
    }

    /** Strides that read a tensor of shape {@code s} as if broadcast to the rank-4 dimensions {@code to}. */
    static int[] broadcastStrides(Shape s, int[] to) {
        int[] d = padded(s);
        int[] st = new int[4];
        int acc = 1;
        for (int i = 3; i >= 0; i--) {
            st[i] = d[i] == 1 && to[i] != 1 ? 0 : acc;
            acc *= d[i];
        }
        return st;
    }
}
