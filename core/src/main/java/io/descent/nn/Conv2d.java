package io.descent.nn;

import io.descent.autograd.GradMode;
import io.descent.tensor.Backend;
import io.descent.tensor.Backends;
import io.descent.tensor.DType;
import io.descent.tensor.DoubleBackward;
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
