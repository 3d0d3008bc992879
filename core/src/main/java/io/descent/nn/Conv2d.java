package io.descent.nn;

import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;

/**
 * A 2-D convolution (cross-correlation, as in every deep learning library) over [N, C, H, W] inputs with
 * square kernels, a stride and zero padding: out[n, o, i, j] = b[o] + sum over c, p, q of
 * W[o, c, p, q] x[n, c, i s - pad + p, j s - pad + q]. The output is [N, O, H', W'] with
 * H' = (H + 2 pad - k) / s + 1 (rounded down), the same for W'.
 *
 * <p>Computed as im2col + GEMM, one sample at a time: the patches of a sample are laid out as the columns
 * of a matrix X [C k k, H' W'], and the output of the sample is the product W [O, C k k] X, written in place
 * into the output tensor (after its rows were filled with the bias, GEMM's beta = 1). The im2col map (which
 * input element feeds each entry of X, or -1 for padding) is computed once per input size and reused, so
 * im2col is a gather and its adjoint, col2im, a scatter-add.
 *
 * <p>Derivatives, per sample with upstream gradient G [O, H' W']: dW += G X^T, dX = W^T G then col2im into dx,
 * db = the sums of G over samples and positions. The patches are gathered again in backward rather than
 * kept, which costs a gather and saves C k k H' W' values per sample.
 *
 * <p>Initialization is PyTorch's default: W and b uniform in [-1/sqrt(C k k), 1/sqrt(C k k)].
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(1, 32, 5, 1, 2, true, DType.FLOAT32, new Rng(0));  // 28x28 stays 28x28
 * }</pre>
 */
public final class Conv2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final DType dtype;
    private final Parameter weight;
    private final Parameter bias;
    /** The im2col map of the last input size seen; replaced whole, so concurrent readers see a consistent one. */
    private volatile PatchMap patches;

    /** Stride 1, no padding, with bias, float32. */
    public Conv2d(int inChannels, int outChannels, int kernel, Rng rng) {
        this(inChannels, outChannels, kernel, 1, 0, true, DType.FLOAT32, rng);
    }

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias, DType dtype,
            Rng rng) {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv2d: in_channels, out_channels, kernel_size and stride must be >= 1 "
                    + "and padding >= 0, got " + inChannels + ", " + outChannels + ", " + kernel + ", " + stride + ", "
                    + padding);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dtype = dtype;
        Tensor w = Tensor.zeros(dtype, outChannels, inChannels, kernel, kernel);
        double bound = 1 / Math.sqrt(Init.fanIn(w.shape()));
        this.weight = registerParameter("weight", Init.kaimingUniform(w, Init.leakyReluGain(Math.sqrt(5)), Init.Fan.IN, rng));
        this.bias = bias ? registerParameter("bias", Init.uniform(Tensor.zeros(dtype, outChannels), -bound, bound, rng))
                : null;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null for a layer built without one. */
    public Parameter bias() {
        return bias;
    }

    /** The output size along one spatial dimension for an input of size {@code n}. */
    public int outputSize(int n) {
        return (n + 2 * padding - kernel) / stride + 1;
    }

    @Override
    public Tensor forward(Tensor x) {
        Kernels.checkDType(this, dtype, x);
        if (x.rank() != 4 || x.dim(1) != inChannels) {
            throw new IllegalArgumentException(this + ": input " + x.shape() + " must be [N, " + inChannels + ", H, W]");
        }
        int h = x.dim(2);
        int w = x.dim(3);
        if (h + 2 * padding < kernel || w + 2 * padding < kernel) {
            throw new IllegalArgumentException(this + ": input " + x.shape() + " is smaller than the kernel "
                    + kernel + "x" + kernel + " even with padding " + padding);
        }
        PatchMap map = patchMap(h, w);
        int n = x.dim(0);
        int rows = inChannels * kernel * kernel;
        int positions = map.oh * map.ow;
        int inSize = inChannels * h * w;
        int outSize = outChannels * positions;
        Tensor wv = weight.value();
        Tensor b = bias == null ? null : bias.value();
        Tensor y = Tensor.zeros(dtype, n, outChannels, map.oh, map.ow);
        Tensor cols = Tensor.zeros(dtype, rows, positions);
        for (int s = 0; s < n; s++) {
            Kernels.gather(x, s * inSize, map.index, cols);
            if (b != null) {
                Kernels.fillBias(y, s * outSize, outChannels, positions, b, true);
            }
            Kernels.gemm(false, false, outChannels, positions, rows, wv, 0, cols, 0, b == null ? 0 : 1, y, s * outSize);
        }
        return Tensor.record("conv2d", y, g -> {
            Tensor gx = x.requiresGrad() ? Tensor.zeros(dtype, x.shape()) : null;
            Tensor gw = wv.requiresGrad() ? Tensor.zeros(dtype, wv.shape()) : null;
            Tensor dcols = Tensor.zeros(dtype, rows, positions);
            for (int s = 0; s < n; s++) {
                if (gw != null) {
                    Kernels.gather(x, s * inSize, map.index, cols);
                    Kernels.gemm(false, true, outChannels, rows, positions, g, s * outSize, cols, 0, 1, gw, 0);
                }
                if (gx != null) {
                    Kernels.gemm(true, false, rows, positions, outChannels, wv, 0, g, s * outSize, 0, dcols, 0);
                    Kernels.scatterAdd(dcols, map.index, gx, s * inSize);
                }
            }
            Tensor gb = b != null && b.requiresGrad() ? Kernels.sumKeeping(g, n, outChannels, positions) : null;
            return new Tensor[] {gx, gw, gb};
        }, x, wv, b);
    }

    private PatchMap patchMap(int h, int w) {
        PatchMap m = patches;
        if (m == null || m.h != h || m.w != w) {
            m = new PatchMap(h, w, outputSize(h), outputSize(w), im2colIndex(h, w));
            patches = m;
        }
        return m;
    }

    /**
     * For row (c, p, q) and column (i, j) of the patch matrix, the index c H W + (i s - pad + p) W + (j s - pad + q)
     * of the input element it holds within a sample, or -1 where the patch lies in the zero padding.
     */
    private int[] im2colIndex(int h, int w) {
        int oh = outputSize(h);
        int ow = outputSize(w);
        int[] index = new int[inChannels * kernel * kernel * oh * ow];
        int k = 0;
        for (int c = 0; c < inChannels; c++) {
            for (int p = 0; p < kernel; p++) {
                for (int q = 0; q < kernel; q++) {
                    for (int i = 0; i < oh; i++) {
                        int row = i * stride - padding + p;
                        for (int j = 0; j < ow; j++) {
                            int col = j * stride - padding + q;
                            boolean inside = row >= 0 && row < h && col >= 0 && col < w;
                            index[k++] = inside ? (c * h + row) * w + col : -1;
                        }
                    }
                }
            }
        }
        return index;
    }

    private record PatchMap(int h, int w, int oh, int ow, int[] index) {
    }

    @Override
    public Spec spec() {
        return Spec.of("Conv2d", "in_channels", inChannels, "out_channels", outChannels, "kernel_size", kernel,
                "stride", stride, "padding", padding, "bias", bias != null, "dtype", dtype);
    }
}
