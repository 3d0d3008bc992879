package io.descent.nn;

import io.descent.autograd.GradMode;
import io.descent.data.CsrMatrix;
import io.descent.tensor.DType;
import io.descent.tensor.DoubleBackward;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;

/**
 * A fully connected layer, y = x W^T + b, with the weight stored [out, in] as in PyTorch. The rows of y start
 * as copies of b, and one BLAS call adds the product to them (the transpose is a flag).
 *
 * <p>Derivatives, for the upstream gradient G [N, out]: dx = G W, dW = G^T x, db = the column sums of G. In a
 * backward pass that creates the graph (double backward) they are computed with recorded matmuls and sums.
 *
 * <p>Initialization is PyTorch's default: W and b uniform in [-1/sqrt(in), 1/sqrt(in)] (Kaiming uniform with
 * {@code a = sqrt 5}).
 *
 * <p>The input is [N, in]; any other rank is flattened to [-1, in] and the result reshaped back, so a vector
 * [in] gives [out].
 *
 * <pre>{@code
 * Linear layer = new Linear(3, 1, true, new Rng(0));  // linear regression w^T x + b
 * Tensor y = layer.forward(Tensor.randn(new Rng(1), DType.FLOAT32, 8, 3));  // [8, 1]
 * }</pre>
 */
public final class Linear extends Module {
    private final int in;
    private final int out;
    private final DType dtype;
    private final Parameter weight;
    private final Parameter bias;

    public Linear(int in, int out, boolean bias, Rng rng) {
        this(in, out, bias, DType.FLOAT32, rng);
    }

    public Linear(int in, int out, boolean bias, DType dtype, Rng rng) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear: in_features and out_features must be >= 1, got " + in
                    + " and " + out);
        }
        this.in = in;
        this.out = out;
        this.dtype = dtype;
        double bound = 1 / Math.sqrt(in);
        this.weight = registerParameter("weight",
                Init.kaimingUniform(Tensor.zeros(dtype, out, in), Init.leakyReluGain(Math.sqrt(5)), Init.Fan.IN, rng));
        this.bias = bias ? registerParameter("bias", Init.uniform(Tensor.zeros(dtype, out), -bound, bound, rng)) : null;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null for a layer built without one. */
    public Parameter bias() {
        return bias;
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }

    @Override
    public Tensor forward(Tensor x) {
        Kernels.checkDType(this, dtype, x);
        if (x.rank() == 0 || x.dim(-1) != in) {
            throw new IllegalArgumentException(this + ": input " + x.shape() + " must end in " + in + " features");
        }
        if (x.rank() == 2) {
            return affine(x);
        }
        int[] dims = x.shape().dims();
        dims[dims.length - 1] = out;
        return affine(x.reshape(-1, in)).reshape(dims);
    }

    /**
     * y = x W^T + b for sparse rows x [N, in]: the forward pass and the gradients cost O(nnz(x) out), never
     * O(N in), and dW goes straight into the weight's gradient buffer ({@link SparseAffine}).
     */
    @Override
    public Tensor forwardSparse(CsrMatrix x) {
        if (x.cols() != in) {
            throw new IllegalArgumentException(this + ": sparse input [" + x.rows() + ", " + x.cols() + "] must have "
                    + in + " features");
        }
        return SparseAffine.forward(x, weight.value(), bias == null ? null : bias.value());
    }

    /**
     * y = y + x W^T for a rank-2 x and y [n, out] (GEMM's beta = 1): y holds the bias rows
     * ({@link #fillWithBias}) when it comes in, so the sum starts from the bias as in PyTorch's
     * {@code addmm(b, x, W^T)}, rounding for rounding. The forward pass and {@link Predictor} (which keeps y
     * from batch to batch) both compute a layer this way, hence the same numbers.
     */
    void addProductInto(Tensor x, Tensor y) {
        Kernels.gemm(false, true, x.dim(0), out, in, x, 0, weight.value(), 0, 1, y, 0);
    }

    /** Sets the first {@code rows} rows of y ([rows, out] or more) to the bias, or to zeros without one. */
    void fillWithBias(Tensor y, int rows) {
        Kernels.fillRows(y, rows, out, bias == null ? null : bias.value());
    }

    private Tensor affine(Tensor x) {
        int n = x.dim(0);
        Tensor w = weight.value();
        Tensor b = bias == null ? null : bias.value();
        Tensor y = Tensor.zeros(dtype, n, out);
        if (b != null) {
            fillWithBias(y, n);
        }
        addProductInto(x, y);
        return DoubleBackward.recordReadingInputsOnly("linear", y, g -> {
            if (GradMode.isEnabled()) {     // a backward pass that creates the graph: the same formulas, recorded
                return new Tensor[] {x.requiresGrad() ? g.matmul(w) : null,
                    w.requiresGrad() ? g.matmul(x, true, false) : null,
                    b != null && b.requiresGrad() ? g.sum(0, false) : null};
            }
            Tensor gx = null;
            Tensor gw = null;
            if (x.requiresGrad()) {
                gx = Tensor.zeros(dtype, n, in);
                Kernels.gemm(false, false, n, in, out, g, 0, w, 0, 1, gx, 0);   // onto gx's zeros (see Gemm.sgemm)
            }
            if (w.requiresGrad()) {
                Tensor.GradientTarget t = Tensor.gradientTarget(w);   // straight into w's gradient
                Kernels.gemm(true, false, out, in, n, g, 0, x, 0, t.beta(), t.tensor(), 0);
                gw = t.result();
            }
            Tensor gb = b != null && b.requiresGrad() ? Kernels.sumKeeping(g, n, out, 1) : null;
            return new Tensor[] {gx, gw, gb};
        }, x, w, b);
    }

    @Override
    public Spec spec() {
        return Spec.of("Linear", "in_features", in, "out_features", out, "bias", bias != null, "dtype", dtype);
    }
}
