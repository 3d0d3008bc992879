package io.descent.nn;

import io.descent.autograd.GradMode;
import io.descent.tensor.Backend;
import io.descent.tensor.Backends;
import io.descent.tensor.DType;
import io.descent.tensor.DoubleBackward;
import io.descent.tensor.Gather;
import io.descent.tensor.Im2col;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.Optional;

/**
 * A 2-D convolution (cross-correlation, as in every deep learning library) over [N, C, H, W] inputs with
 * square kernels, a stride and zero padding: out[n, o, i, j] = b[o] + sum over c, p, q of
 * W[o, c, p, q] x[n, c, i s - pad + p, j s - pad + q]. The output is [N, O, H', W'] with
 * H' = (H + 2 pad - k) / s + 1 (rounded down), the same for W'.
 *
 * <p>Computed as im2col + GEMM on blocks of samples ({@link Im2col}): the patches of S samples are laid out
 * as the columns of a matrix X [C k k, S H' W'], the block's output is one product W [O, C k k] X, and its
 * rows are copied, plus the bias, into the samples' outputs. A block holds as many samples as keep X within a
 * workspace budget, so each GEMM is wide (thousands of columns) rather than one per sample.
 *
 * <p>Derivatives, per block with the upstream gradient laid out as G [O, S H' W']: dW += G X^T (one GEMM
 * whose inner dimension is the whole block), dX = col2im(W^T G), db = the sums of G over samples and
 * positions. The patches are made again in backward rather than kept, which costs an im2col and saves
 * C k k H' W' values per sample. A backward pass that creates the graph (double backward) takes the same
 * formulas as recorded ops instead ({@link ConvolutionGradients}).
 *
 * <p>Float32 convolutions run on the {@link Backend}'s kernels where it offers them for the shape (oneDNN's
 * direct convolution, 2.5 to 4x im2col + OpenBLAS at the CNN's shapes: dnnl's DnnlConvolutionSpeed), the
 * im2col path otherwise and always for float64.
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
    /** The patch geometry of the last input size seen; replaced whole, so concurrent readers see a consistent one. */
    private volatile Im2col patches;
    private int blockBudget = 1 << 22;
    /**
     * The patch matrix, the block of outputs (or of their gradients) and the patches' gradient, reused from
     * call to call and shared by all convolutions: the layers of a network run one after another, so one set of
     * buffers, as large as the largest layer's, serves them all (a call that finds a buffer taken by another
     * thread gets its own).
     */
    private static final Workspace COLS = new Workspace();
    private static final Workspace BLOCK = new Workspace();
    private static final Workspace DCOLS = new Workspace();

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
        Backend.Convolution fast = backendKernels(x);
        if (fast != null) {
            return forwardOnBackend(fast, x);
        }
        Im2col geo = geometry(h, w);
        int n = x.dim(0);
        int rows = geo.rows();
        int positions = geo.positions();
        int chunk = samplesPerBlock(rows * positions, n);
        Tensor wv = weight.value();
        Tensor b = bias == null ? null : bias.value();
        Tensor y = Tensor.zeros(dtype, n, outChannels, geo.oh, geo.ow);
        Tensor cols = COLS.take(dtype, rows * chunk * positions);
        Tensor block = BLOCK.take(dtype, outChannels * chunk * positions);
        for (int first = 0; first < n; first += chunk) {
            int s = Math.min(chunk, n - first);
            geo.im2col(x, first, s, cols);
            Kernels.gemm(false, false, outChannels, s * positions, rows, wv, 0, cols, 0, 0, block, 0);
            Kernels.blockToSamples(block, s, outChannels, positions, b, y, first);
        }
        COLS.give(cols);
        BLOCK.give(block);
        return DoubleBackward.recordReadingInputsOnly("conv2d", y, g -> {
            if (GradMode.isEnabled()) {     // a backward pass that creates the graph: recorded ops
                return ConvolutionGradients.of(g, x, wv, b, stride, padding);
            }
            Tensor gx = x.requiresGrad() ? Tensor.zeros(dtype, x.shape()) : null;
            Tensor.GradientTarget gw = wv.requiresGrad() ? Tensor.gradientTarget(wv) : null;   // straight into W's gradient
            Tensor gcols = COLS.take(dtype, rows * chunk * positions);
            Tensor gblock = BLOCK.take(dtype, outChannels * chunk * positions);
            Tensor dcols = gx == null ? null : DCOLS.take(dtype, rows * chunk * positions);
            for (int first = 0; first < n; first += chunk) {
                int s = Math.min(chunk, n - first);
                Kernels.samplesToBlock(g, first, s, outChannels, positions, gblock);
                if (gw != null) {
                    geo.im2col(x, first, s, gcols);
                    double beta = first == 0 ? gw.beta() : 1;
                    Kernels.gemm(false, true, outChannels, rows, s * positions, gblock, 0, gcols, 0, beta, gw.tensor(), 0);
                }
                if (gx != null) {
                    Kernels.gemm(true, false, rows, s * positions, outChannels, wv, 0, gblock, 0, 0, dcols, 0);
                    geo.col2im(dcols, first, s, gx);
                }
            }
            COLS.give(gcols);
            BLOCK.give(gblock);
            if (dcols != null) {
                DCOLS.give(dcols);
            }
            Tensor gb = b != null && b.requiresGrad() ? Kernels.sumKeeping(g, n, outChannels, positions) : null;
            return new Tensor[] {gx, gw == null ? null : gw.result(), gb};
        }, x, wv, b);
    }

    /**
     * maxpool2x2(relu(this(x))) as one operation on the backend's kernels ({@link Backend#convolutionReluPool}:
     * oneDNN's convolution, ReLU and pooling handing each other its blocked layout, only the pooled quarter
     * crossing to Java), or null where the backend offers none for the shape (float64, no backend, an odd output
     * size): {@link Sequential} then runs the three layers. The values and gradients are those of the three
     * layers: relu(max(window)) = max(relu(window)), and a window's gradient goes to its maximum where that is
     * above 0, else nowhere.
     */
    Tensor forwardReluMaxPool(Tensor x) {
        if (dtype != DType.FLOAT32 || x.rank() != 4 || x.dim(1) != inChannels) {
            return null;
        }
        Optional<Backend> backend = Backends.current();
        int oh = outputSize(x.dim(2));
        int ow = outputSize(x.dim(3));
        if (backend.isEmpty() || oh < 2 || ow < 2 || oh % 2 != 0 || ow % 2 != 0) {
            return null;
        }
        Backend.ConvolutionShape shape = new Backend.ConvolutionShape(x.dim(0), inChannels, x.dim(2), x.dim(3),
                outChannels, kernel, stride, padding);
        Backend.ConvolutionReluPool fused = backend.get().convolutionReluPool(shape);
        if (fused == null) {
            return null;
        }
        Tensor wv = weight.value();
        Tensor b = bias == null ? null : bias.value();
        Tensor p = Tensor.zeros(dtype, x.dim(0), outChannels, oh / 2, ow / 2);
        long state = fused.forward(x.floats(), x.offset(), wv.floats(), wv.offset(), b == null ? null : b.floats(),
                b == null ? 0 : b.offset(), p.floats(), p.offset());
        return DoubleBackward.recordReadingInputsOnly("conv2d_relu_maxpool2d", p, g -> {
            if (GradMode.isEnabled()) {
                return reluMaxPoolGradientsRecorded(g, x, wv, b);
            }
            Tensor gx = x.requiresGrad() ? Tensor.zeros(dtype, x.shape()) : null;
            Tensor gb = b != null && b.requiresGrad() ? Tensor.zeros(dtype, outChannels) : null;
            Tensor.GradientTarget gw = wv.requiresGrad() ? Tensor.gradientTarget(wv) : null;
            Tensor gwt = gw == null ? null : gw.tensor();
            fused.backward(state, g.floats(), g.offset(), x.floats(), x.offset(), wv.floats(), wv.offset(),
                    b == null ? null : b.floats(), b == null ? 0 : b.offset(), gx == null ? null : gx.floats(),
                    gx == null ? 0 : gx.offset(), gw == null ? 0f : (float) gw.beta(), gwt == null ? null : gwt.floats(),
                    gwt == null ? 0 : gwt.offset(), gb == null ? null : gb.floats(), gb == null ? 0 : gb.offset());
            return new Tensor[] {gx, gw == null ? null : gw.result(), gb};
        }, x, wv, b);
    }

    /**
     * The fused block's gradients as recorded ops, for a backward pass that creates the graph: the rectified
     * convolution is computed again (nothing recorded), the gradient g goes to each window's maximum where that
     * is above 0 (a recorded scatter and product with the constant mask, as MaxPool2d's and ReLU's recorded
     * rules), and the convolution's recorded rule ({@link ConvolutionGradients}) takes it from there.
     */
    private Tensor[] reluMaxPoolGradientsRecorded(Tensor g, Tensor x, Tensor wv, Tensor b) {
        Tensor rectified;
        int[] arg;
        try (GradMode.Scope off = GradMode.disabled()) {
            rectified = forward(x).reluInPlace();
            arg = MaxPool2d.windowMaxima2x2(rectified);
        }
        Tensor above = Tensor.zeros(dtype, rectified.shape());
        float[] r = rectified.floats();
        float[] a = above.floats();
        for (int i = 0; i < a.length; i++) {
            a[i] = r[rectified.offset() + i] > 0 ? 1f : 0f;
        }
        Tensor gz = Gather.scatterAdd(g, arg, rectified.shape().dims()).mul(above);
        return ConvolutionGradients.of(gz, x, wv, b, stride, padding);
    }

    /**
     * The float32 backend's kernels for this input's shape ({@link Backends}: oneDNN when the dnnl module is on
     * the class path), or null: float64, no backend, or a shape the backend declines.
     */
    private Backend.Convolution backendKernels(Tensor x) {
        if (dtype != DType.FLOAT32) {
            return null;
        }
        Optional<Backend> backend = Backends.current();
        return backend.isEmpty() ? null : backend.get().convolution(new Backend.ConvolutionShape(x.dim(0),
                inChannels, x.dim(2), x.dim(3), outChannels, kernel, stride, padding));
    }

    /**
     * The forward pass and its backward rule on the backend's kernels; a backward pass that creates the graph
     * still takes the recorded ops ({@link ConvolutionGradients}).
     */
    private Tensor forwardOnBackend(Backend.Convolution fast, Tensor x) {
        Tensor wv = weight.value();
        Tensor b = bias == null ? null : bias.value();
        Tensor y = Tensor.zeros(dtype, x.dim(0), outChannels, outputSize(x.dim(2)), outputSize(x.dim(3)));
        fast.forward(x.floats(), x.offset(), wv.floats(), wv.offset(), b == null ? null : b.floats(),
                b == null ? 0 : b.offset(), y.floats(), y.offset());
        return DoubleBackward.recordReadingInputsOnly("conv2d", y, g -> {
            if (GradMode.isEnabled()) {
                return ConvolutionGradients.of(g, x, wv, b, stride, padding);
            }
            Tensor gx = null;
            if (x.requiresGrad()) {
                gx = Tensor.zeros(dtype, x.shape());
                fast.backwardData(g.floats(), g.offset(), wv.floats(), wv.offset(), gx.floats(), gx.offset());
            }
            Tensor gb = b != null && b.requiresGrad() ? Tensor.zeros(dtype, outChannels) : null;
            Tensor.GradientTarget gw = wv.requiresGrad() ? Tensor.gradientTarget(wv) : null;   // straight into W's gradient
            if (gw != null) {
                Tensor t = gw.tensor();
                fast.backwardWeights(x.floats(), x.offset(), g.floats(), g.offset(), (float) gw.beta(), t.floats(),
                        t.offset(), gb == null ? null : gb.floats(), gb == null ? 0 : gb.offset());
            } else if (gb != null) {
                gb = Kernels.sumKeeping(g, x.dim(0), outChannels, g.dim(2) * g.dim(3));
            }
            return new Tensor[] {gx, gw == null ? null : gw.result(), gb};
        }, x, wv, b);
    }

    /**
     * Samples per block: as many as keep the patch matrix of a block within {@link #blockBudget} values (16 MB
     * of float32 by default), so that GEMM gets wide operands while the matrix stays a bounded workspace (wider
     * blocks are faster up to that budget: bench/README.md, "Measured choices").
     */
    private int samplesPerBlock(int valuesPerSample, int n) {
        return Math.max(1, Math.min(n, blockBudget / Math.max(1, valuesPerSample)));
    }

    /** Sets the workspace budget in values: for tests, so that small inputs also go through several blocks. */
    Conv2d withBlockBudget(int values) {
        blockBudget = values;
        return this;
    }

    private Im2col geometry(int h, int w) {
        Im2col g = patches;
        if (g == null || g.h != h || g.w != w) {
            g = new Im2col(inChannels, h, w, kernel, stride, padding);
            patches = g;
        }
        return g;
    }

    @Override
    public Spec spec() {
        return Spec.of("Conv2d", "in_channels", inChannels, "out_channels", outChannels, "kernel_size", kernel,
                "stride", stride, "padding", padding, "bias", bias != null, "dtype", dtype);
    }
}
