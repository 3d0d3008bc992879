package io.descent.nn;

import io.descent.autograd.GradMode;
import io.descent.tensor.DType;
import io.descent.tensor.DoubleBackward;
import io.descent.tensor.Gather;
import io.descent.tensor.Parallel;
import io.descent.tensor.Shape;
import io.descent.tensor.Tensor;

/**
 * Max pooling over k x k windows with a stride (default k), no padding, of [N, C, H, W] inputs:
 * out[n, c, i, j] = max over p, q &lt; k of x[n, c, i s + p, j s + q]; the output is [N, C, H', W'] with
 * H' = (H - k) / s + 1 rounded down, as PyTorch's {@code MaxPool2d(k, s)}.
 *
 * <p>The derivative sends each output's gradient to the element that was the maximum of its window (the
 * first one in row-major order at a tie; a NaN counts as the maximum, so it propagates as in PyTorch).
 *
 * <pre>{@code
 * Tensor y = new MaxPool2d(2).forward(x);  // [N, C, 28, 28] -> [N, C, 14, 14]
 * }</pre>
 */
public final class MaxPool2d extends Module {
    private final int kernel;
    private final int stride;

    public MaxPool2d(int kernel) {
        this(kernel, kernel);
    }

    public MaxPool2d(int kernel, int stride) {
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("MaxPool2d: kernel_size and stride must be >= 1, got " + kernel + " and "
                    + stride);
        }
        this.kernel = kernel;
        this.stride = stride;
    }

    /** True for the usual 2 x 2 windows of stride 2, the pooling a backend may fuse with a convolution before it. */
    boolean isTwoByTwo() {
        return kernel == 2 && stride == 2;
    }

    /**
     * For each 2 x 2 window (stride 2) of a float32 [N, C, H, W] tensor, the index (relative to its offset) of
     * its maximum by this layer's rule: the windows of {@code new MaxPool2d(2).forward(x)}.
     */
    static int[] windowMaxima2x2(Tensor x) {
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = h / 2;
        int ow = w / 2;
        int[] arg = new int[x.dim(0) * x.dim(1) * oh * ow];
        float[] y = new float[arg.length];
        for (int p = 0; p < x.dim(0) * x.dim(1); p++) {
            pool2x2(x.floats(), x.offset(), p * h * w, w, oh, ow, y, arg, p * oh * ow);
        }
        return arg;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(2) < kernel || x.dim(3) < kernel) {
            throw new IllegalArgumentException(this + ": input " + x.shape() + " must be [N, C, H, W] with H and W >= "
                    + kernel);
        }
        int planes = x.dim(0) * x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = (h - kernel) / stride + 1;
        int ow = (w - kernel) / stride + 1;
        Tensor y = Tensor.zeros(x.dtype(), x.dim(0), x.dim(1), oh, ow);
        int[] arg = new int[y.size()];
        int perThread = Math.max(1, Parallel.GRAIN / (h * w));
        if (kernel == 2 && stride == 2 && Kernels.isF32(x)) {
            Parallel.forRange(planes, perThread, (from, to) -> {
                for (int p = from; p < to; p++) {
                    pool2x2(x.floats(), x.offset(), p * h * w, w, oh, ow, y.floats(), arg, p * oh * ow);
                }
            });
        } else {
            Parallel.forRange(planes, perThread, (from, to) -> {
                for (int p = from; p < to; p++) {
                    for (int i = 0; i < oh; i++) {
                        argmaxOfRow(x, (p * h + i * stride) * w, w, arg, (p * oh + i) * ow, ow);
                    }
                }
                Kernels.gather(x, arg, from * oh * ow, to * oh * ow, y);
            });
        }
        DType dtype = x.dtype();
        Shape shape = x.shape();   // not x itself: backward needs only the indices, and x can be freed
        return DoubleBackward.record("maxPool2d", y, g -> {
            if (GradMode.isEnabled()) {     // double backward: the same scatter, recorded
                return new Tensor[] {Gather.scatterAdd(g, arg, shape.dims())};
            }
            // Windows stay inside their plane, so the threads' planes receive disjoint gradients.
            Tensor gx = Tensor.zeros(dtype, shape);
            Parallel.forRange(planes, perThread, (from, to) ->
                    Kernels.scatterAdd(g, arg, from * oh * ow, to * oh * ow, gx));
            return new Tensor[] {gx};
        }, x);
    }

    /**
     * For the ow windows of one output row, whose top-left elements are {@code corner + j s}, the index
     * (relative to x's offset) of each window's maximum, into {@code arg[at + j]}. The windows are scanned
     * together, one window element at a time in row-major order, so the inner loop runs along the row. An
     * element replaces the kept one when !(v &lt;= m): it is larger, or it is NaN; a kept NaN (m != m) is never
     * replaced, so the first NaN wins, as in PyTorch. Only an int index is selected, which the JIT compiles to
     * a conditional move rather than a branch that mispredicts on random data.
     */
    private void argmaxOfRow(Tensor x, int corner, int w, int[] arg, int at, int ow) {
        for (int j = 0; j < ow; j++) {
            arg[at + j] = corner + j * stride;
        }
        for (int p = 0; p < kernel; p++) {
            for (int q = p == 0 ? 1 : 0; q < kernel; q++) {
                if (Kernels.isF32(x)) {
                    keepLarger(x.floats(), x.offset(), corner + p * w + q, arg, at, ow);
                } else {
                    keepLarger(x.doubles(), x.offset(), corner + p * w + q, arg, at, ow);
                }
            }
        }
    }

    /**
     * The usual 2 x 2 windows with stride 2, for one plane starting at {@code plane}, in one pass: the four
     * elements of each window are compared in row-major order by the rule of {@link #keepLarger}, and the
     * maximum and its index are written at once ({@code y} is fresh: its offset is 0, its index that of arg).
     * Short output rows (12 or 7 windows in a CNN on 28 x 28 images) made the general path's per-row calls
     * and gathered loads the larger part of a CNN step's own work.
     */
    private static void pool2x2(float[] a, int o, int plane, int w, int oh, int ow, float[] y, int[] arg, int at) {
        for (int i = 0; i < oh; i++) {
            int top = o + plane + 2 * i * w;
            int out = at + i * ow;
            for (int j = 0; j < ow; j++) {
                int e = top + 2 * j;
                int best = e;
                float m = a[e];
                best = takes(a[e + 1], m) ? e + 1 : best;
                m = Math.max(m, a[e + 1]);
                best = takes(a[e + w], m) ? e + w : best;
                m = Math.max(m, a[e + w]);
                best = takes(a[e + w + 1], m) ? e + w + 1 : best;
                arg[out + j] = best - o;
                y[out + j] = a[best];
            }
        }
    }

    /**
     * Whether v replaces the kept maximum m: it is larger, or NaN while m is not. Only the int index is
     * selected by it (a conditional move); the running maximum is kept with Math.max, which also has no
     * branch (a selected float would compile to a branch, mispredicted half the time on real activations).
     * Math.max may turn a kept -0 into +0 when a +0 follows, which only the comparisons see: equal, so the
     * index stays the first, and the value written is the element at that index.
     */
    private static boolean takes(float v, float m) {
        return !(v <= m) & m == m;
    }

    /** For each window j of the row, its element at {@code first + j s} replaces the kept one if larger or NaN. */
    private void keepLarger(float[] a, int o, int first, int[] arg, int at, int ow) {
        for (int j = 0; j < ow; j++) {
            int e = first + j * stride;
            int best = arg[at + j];
            float v = a[o + e];
            float m = a[o + best];
            arg[at + j] = !(v <= m) & m == m ? e : best;
        }
    }

    private void keepLarger(double[] a, int o, int first, int[] arg, int at, int ow) {
        for (int j = 0; j < ow; j++) {
            int e = first + j * stride;
            int best = arg[at + j];
            double v = a[o + e];
            double m = a[o + best];
            arg[at + j] = !(v <= m) & m == m ? e : best;
        }
    }

    @Override
    public Spec spec() {
        return Spec.of("MaxPool2d", "kernel_size", kernel, "stride", stride);
    }
}
