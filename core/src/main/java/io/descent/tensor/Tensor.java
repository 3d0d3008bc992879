package io.descent.tensor;

/**
 * A dense, contiguous, row-major tensor of rank 0 to 4 over a {@code float[]} (float32, the default) or a
 * {@code double[]} (float64), with reverse-mode differentiation.
 *
 * <p>A tensor that requires gradients records, for every operation it takes part in, how to send the
 * result's gradient back to it; {@link #backward()} on a scalar runs those records in reverse and
 * accumulates {@link #grad()} on every leaf.
 *
 * <pre>{@code
 * Tensor w = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
 * Tensor loss = w.mul(w).sum();      // |w|^2
 * loss.backward();                   // w.grad() = 2w = [2, 4]
 * }</pre>
 *
 * <p>Reshapes and row slices are views sharing the storage; everything else allocates its result.
 */
public final class Tensor {
    private final Shape shape;
    private final DType dtype;
    /** The storage, one of them null; package-private for the kernels of this package. */
    final float[] f;
    final double[] d;
    private final int offset;

    /** Null unless this tensor takes part in differentiation: a leaf's accumulator or an op's record. */
    TensorNode node;
    /** Null until this tensor has a gradient; then its buffer and pending zeros, kept from step to step. */
    LeafGradient gradient;

    private Tensor(Shape shape, DType dtype, float[] f, double[] d, int offset) {
        this.shape = shape;
        this.dtype = dtype;
        this.f = f;
        this.d = d;
        this.offset = offset;
    }

    // ---------------------------------------------------------------- creation

    /** A new zero-filled tensor; package-private kernels fill it. */
    static Tensor empty(DType dtype, Shape shape) {
        return dtype == DType.FLOAT32
                ? new Tensor(shape, dtype, new float[shape.size()], null, 0)
                : new Tensor(shape, dtype, null, new double[shape.size()], 0);
    }

    public static Tensor zeros(int... shape) {
        return zeros(DType.FLOAT32, shape);
    }

    public static Tensor zeros(DType dtype, int... shape) {
        return empty(dtype, Shape.of(shape));
    }

    public static Tensor zeros(DType dtype, Shape shape) {
        return empty(dtype, shape);
    }

    public static Tensor ones(int... shape) {
        return full(1, DType.FLOAT32, shape);
    }

    public static Tensor ones(DType dtype, int... shape) {
        return full(1, dtype, shape);
    }

    public static Tensor full(double value, DType dtype, int... shape) {
        return Storage.fill(zeros(dtype, shape), value);
    }

    public static Tensor zerosLike(Tensor t) {
        return empty(t.dtype, t.shape);
    }

    public static Tensor onesLike(Tensor t) {
        return Storage.fill(empty(t.dtype, t.shape), 1);
    }

    /** A float32 tensor over a copy of {@code data}. */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(Shapes.shapeFor("of", data.length, shape), DType.FLOAT32, data.clone(), null, 0);
    }

    /** A float64 tensor over a copy of {@code data}. */
    public static Tensor of(double[] data, int... shape) {
        return new Tensor(Shapes.shapeFor("of", data.length, shape), DType.FLOAT64, null, data.clone(), 0);
    }

    /** A float32 tensor that takes ownership of {@code data} (no copy): for loaders that fill their own arrays. */
    public static Tensor wrap(float[] data, int... shape) {
        return new Tensor(Shapes.shapeFor("wrap", data.length, shape), DType.FLOAT32, data, null, 0);
    }

    /** A float64 tensor that takes ownership of {@code data} (no copy). */
    public static Tensor wrap(double[] data, int... shape) {
        return new Tensor(Shapes.shapeFor("wrap", data.length, shape), DType.FLOAT64, null, data, 0);
    }

    public static Tensor scalar(double value) {
        return scalar(value, DType.FLOAT32);
    }

    public static Tensor scalar(double value, DType dtype) {
        Tensor t = empty(dtype, Shape.scalar());
        t.put(0, value);
        return t;
    }

    /** [0, 1, ..., n-1] as float32. */
    public static Tensor arange(int n) {
        return arange(DType.FLOAT32, n);
    }

    public static Tensor arange(DType dtype, int n) {
        return Storage.fillArange(zeros(dtype, n));
    }

    /** Independent standard normal values from {@code rng}. */
    public static Tensor randn(Rng rng, DType dtype, int... shape) {
        return Storage.fillGaussian(zeros(dtype, shape), rng);
    }

    /** Independent values uniform in [lo, hi) from {@code rng}. */
    public static Tensor uniform(Rng rng, double lo, double hi, DType dtype, int... shape) {
        return Storage.fillUniform(zeros(dtype, shape), rng, lo, hi);
    }

    /** Joins tensors along {@code axis}; all other dimensions must agree. */
    public static Tensor concat(int axis, Tensor... parts) {
        return Shapes.concat(axis, parts);
    }

    // ---------------------------------------------------------------- storage

    public Shape shape() {
        return shape;
    }

    public DType dtype() {
        return dtype;
    }

    public int size() {
        return shape.size();
    }

    public int rank() {
        return shape.rank();
    }

    public int dim(int i) {
        return shape.dim(i);
    }

    /** The backing float32 array, shared, not copied; elements start at {@link #offset()}. For in-place updates. */
    public float[] floats() {
        if (f == null) {
            throw new IllegalStateException("floats(): tensor " + shape + " is float64; use doubles()");
        }
        return f;
    }

    /** The backing float64 array, shared; elements start at {@link #offset()}. */
    public double[] doubles() {
        if (d == null) {
            throw new IllegalStateException("doubles(): tensor " + shape + " is float32; use floats()");
        }
        return d;
    }

    /** Index of this tensor's first element in its backing array (non-zero for a row slice). */
    public int offset() {
        return offset;
    }

    /** Element at absolute index {@code i} of the backing array, as a double. */
    double at(int i) {
        return f != null ? f[i] : d[i];
    }

    /** Writes element {@code i} relative to this tensor's offset. */
    void put(int i, double v) {
        if (f != null) {
            f[offset + i] = (float) v;
        } else {
            d[offset + i] = v;
        }
    }

    /** The element at a multi-dimensional index. */
    public double get(int... index) {
        return at(offset + Shapes.flatIndex(shape, index));
    }

    /** The single value of a tensor with one element. */
    public double item() {
        if (size() != 1) {
            throw new IllegalStateException("item(): tensor " + shape + " has " + size() + " elements, not 1");
        }
        return at(offset);
    }

    /** Element {@code i} in row-major order, as a double. */
    public double getFlat(int i) {
        Shapes.checkIndex(i, size());
        return at(offset + i);
    }

    /** Sets one element in place. Not recorded: do it outside differentiation. */
    public void set(double value, int... index) {
        Storage.checkMutable(this, "set");
        put(Shapes.flatIndex(shape, index), value);
    }

    /** Sets element {@code i} in row-major order. */
    public void setFlat(int i, double value) {
        Storage.checkMutable(this, "setFlat");
        Shapes.checkIndex(i, size());
        put(i, value);
    }

    public double[] toDoubleArray() {
        return Storage.toDoubleArray(this);
    }

    public float[] toFloatArray() {
        return Storage.toFloatArray(this);
    }

    /** A copy in {@code target} type, or this tensor when it already has that type. Differentiable. */
    public Tensor to(DType target) {
        return ShapeOps.to(this, target);
    }

    /** A copy with its own storage, not recorded. */
    public Tensor copy() {
        return Storage.copy(this, empty(dtype, shape));
    }

    /** A view of the same storage with another shape, used by the views below. */
    Tensor view(Shape s, int extraOffset) {
        return new Tensor(s, dtype, f, d, offset + extraOffset);
    }

    // ---------------------------------------------------------------- in place (not recorded)

    /** Fills with {@code value} in place. */
    public Tensor fill(double value) {
        Storage.checkMutable(this, "fill");
        return Storage.fill(this, value);
    }

    /** Copies {@code src}'s values (same shape and type) into this tensor in place. */
    public Tensor copyFrom(Tensor src) {
        return Storage.copyFrom(this, src);
    }

    /** this += alpha * x, in place (same shape and type). */
    public Tensor addInPlace(Tensor x, double alpha) {
        return Storage.addInPlace(this, x, alpha);
    }

    // ---------------------------------------------------------------- autograd

    /** Whether gradients flow to this tensor: a leaf marked so, or the result of an op on such tensors. */
    public boolean requiresGrad() {
        return node != null;
    }

    /** Marks a leaf as a variable to differentiate with respect to (a parameter). Returns this tensor. */
    public Tensor requiresGrad(boolean on) {
        TensorNode.markLeaf(this, on);
        return this;
    }

    /** True unless this tensor was computed by a recorded op. */
    public boolean isLeaf() {
        return !(node instanceof TensorNode.Recorded);
    }

    /** The accumulated gradient of a leaf, or null; the caller may write it, which forgets its {@link GradientSupport}. */
    public Tensor grad() {
        return LeafGradient.read(this);
    }

    /** The gradient as {@link #grad()}, for a caller that only reads it: its known support stays known. */
    public Tensor peekGrad() {
        return LeafGradient.peek(this);
    }

    /** Replaces the gradient (optimizers' tests, gradient clipping, Spark's averaged gradients). */
    public void setGrad(Tensor g) {
        LeafGradient.set(this, g);
    }

    /** Zeroes the gradient, keeping its buffer, lazily ({@code LeafGradient}): read it again through grad() after. */
    public void zeroGrad() {
        LeafGradient.zero(this);
    }

    /**
     * Where a fused layer's backward rule writes the gradient of its input {@code x} with a kernel (a GEMM)
     * instead of returning a new tensor that the tape then adds: for a leaf (a parameter), its gradient buffer
     * itself, with GEMM's beta (0 to overwrite a zeroed buffer, 1 to add), and nothing to return; for any other
     * tensor a new one of zeros (beta 1), to return as the rule's gradient (see {@code LeafGradient}).
     *
     * <pre>{@code
     * GradientTarget t = Tensor.gradientTarget(w);
     * Gemm.sgemm(true, false, out, in, n, 1f, g, 0, x, 0, (float) t.beta(), t.tensor().floats(), t.tensor().offset());
     * return new Tensor[] {gx, t.result(), gb};      // t.result() is null for a leaf: already delivered
     * }</pre>
     */
    public static GradientTarget gradientTarget(Tensor x) {
        return LeafGradient.targetFor(x);
    }

    /**
     * See {@link #gradientTarget}: the tensor to write, GEMM's beta for the first write into it, and what the
     * backward rule returns for this input (null when the gradient was delivered to a leaf).
     */
    public record GradientTarget(Tensor tensor, double beta, Tensor result) {
    }

    /** A new leaf sharing this tensor's storage, cut off from the graph. */
    public Tensor detach() {
        return new Tensor(shape, dtype, f, d, offset);
    }

    /** Back-propagates from this scalar (a loss): d(this)/d(leaf) accumulates on every leaf's {@link #grad()}. */
    public void backward() {
        TensorNode.backward(this);
    }

    /** Back-propagates with the given gradient of some scalar with respect to this tensor. */
    public void backward(Tensor gradient) {
        TensorNode.backward(this, gradient);
    }

    /**
     * Records an operation computed outside this class (a fused layer, a loss): {@code value} is the
     * result, {@code backward} maps the result's gradient to one gradient per input (null where an input
     * needs none). Returns {@code value}, recorded when grad mode is on and some input requires grad.
     */
    public static Tensor record(String op, Tensor value, TensorNode.Backward backward, Tensor... inputs) {
        return TensorNode.record(op, value, backward, true, inputs);
    }

    /**
     * {@link #record} for an op whose backward rule reads its inputs and never its result (a linear layer, a
     * convolution, a batch normalization): a ReLU that follows may then rectify the result in place
     * ({@link #reluInPlace}).
     */
    public static Tensor recordReadingInputsOnly(String op, Tensor value, TensorNode.Backward backward,
            Tensor... inputs) {
        return TensorNode.record(op, value, backward, false, inputs);
    }

    // ---------------------------------------------------------------- element-wise ops

    /** this + other, broadcasting. */
    public Tensor add(Tensor other) {
        return ElementWiseOps.add(this, other);
    }

    /** this - other, broadcasting. */
    public Tensor sub(Tensor other) {
        return ElementWiseOps.sub(this, other);
    }

    /** this * other element-wise, broadcasting; d/da = b, d/db = a. */
    public Tensor mul(Tensor other) {
        return ElementWiseOps.mul(this, other);
    }

    /** this / other element-wise, broadcasting; d/da = 1/b, d/db = -a/b^2. */
    public Tensor div(Tensor other) {
        return ElementWiseOps.div(this, other);
    }

    public Tensor add(double c) {
        return ElementWiseOps.add(this, c);
    }

    public Tensor sub(double c) {
        return add(-c);
    }

    public Tensor mul(double c) {
        return ElementWiseOps.mul(this, c);
    }

    public Tensor div(double c) {
        return mul(1.0 / c);
    }

    /** c - this. */
    public Tensor rsub(double c) {
        return ElementWiseOps.rsub(this, c);
    }

    public Tensor neg() {
        return ElementWiseOps.neg(this);
    }

    /** this^p element-wise; d/dx = p x^(p-1). */
    public Tensor pow(double p) {
        return ElementWiseOps.pow(this, p);
    }

    /** e^x; d/dx = e^x, the output itself. */
    public Tensor exp() {
        return ElementWiseOps.exp(this);
    }

    /** Natural logarithm; d/dx = 1/x. */
    public Tensor log() {
        return ElementWiseOps.log(this);
    }

    /** Square root; d/dx = 1 / (2 sqrt x). */
    public Tensor sqrt() {
        return ElementWiseOps.sqrt(this);
    }

    /** |x|; d/dx = sign(x), 0 at 0. */
    public Tensor abs() {
        return ElementWiseOps.abs(this);
    }

    /** max(x, c) element-wise; the gradient passes where x >= c (to x at a tie, as torch.clamp). */
    public Tensor max(double c) {
        return ElementWiseOps.max(this, c);
    }

    /** min(x, c) element-wise; the gradient passes where x &lt;= c. */
    public Tensor min(double c) {
        return ElementWiseOps.min(this, c);
    }

    /** max(0, x); d/dx = 1 where x > 0, else 0 (0 at the kink, as PyTorch); NaN stays NaN. */
    public Tensor relu() {
        return ElementWiseOps.relu(this);
    }

    /**
     * max(0, x) written over this tensor's own values, for a tensor nothing else reads (the output of the layer
     * just before), as PyTorch's {@code ReLU(inplace=True)}: it saves allocating, zeroing and collecting a second
     * tensor. When nothing is recorded it returns this tensor; in a recorded pass, for the result of an op
     * recorded with {@link #recordReadingInputsOnly} only, a tensor on the same storage that records the ReLU.
     * Anything else (a leaf, the result of another op, a float64 or offset tensor) gets {@link #relu()}.
     */
    public Tensor reluInPlace() {
        return ElementWiseOps.reluInPlace(this);
    }

    /** 1 / (1 + e^-x), stable for either sign; d/dx = s (1 - s). */
    public Tensor sigmoid() {
        return ElementWiseOps.sigmoid(this);
    }

    /** tanh x; d/dx = 1 - tanh^2 x. */
    public Tensor tanh() {
        return ElementWiseOps.tanh(this);
    }

    // ---------------------------------------------------------------- comparisons (masks of 0 and 1, not differentiable)

    public Tensor gt(double c) {
        return ElementWise.map(UnaryOp.GT, this, c);
    }

    public Tensor ge(double c) {
        return ElementWise.map(UnaryOp.GE, this, c);
    }

    public Tensor lt(double c) {
        return ElementWise.map(UnaryOp.LT, this, c);
    }

    public Tensor le(double c) {
        return ElementWise.map(UnaryOp.LE, this, c);
    }

    public Tensor eq(double c) {
        return ElementWise.map(UnaryOp.EQ, this, c);
    }

    public Tensor gt(Tensor o) {
        return ElementWise.zip(BinaryOp.GT, this, o);
    }

    public Tensor lt(Tensor o) {
        return ElementWise.zip(BinaryOp.LT, this, o);
    }

    public Tensor eq(Tensor o) {
        return ElementWise.zip(BinaryOp.EQ, this, o);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements, a scalar. */
    public Tensor sum() {
        return ReductionOps.sum(this);
    }

    /** Mean of all elements, a scalar. */
    public Tensor mean() {
        return sum().div(Math.max(1, size()));
    }

    /** Sum over {@code axis}; with {@code keepDim} the axis stays with size 1. */
    public Tensor sum(int axis, boolean keepDim) {
        return ReductionOps.sum(this, axis, keepDim);
    }

    public Tensor mean(int axis, boolean keepDim) {
        return sum(axis, keepDim).div(Math.max(1, shape.dim(axis)));
    }

    /** Maximum over {@code axis}; the gradient goes to the first maximal element. */
    public Tensor max(int axis, boolean keepDim) {
        return ReductionOps.max(this, axis, keepDim);
    }

    /** Maximum of all elements, a scalar. */
    public Tensor max() {
        return reshape(size()).max(0, false);
    }

    /** Index of the first maximum along {@code axis}, as an int array over the other dimensions. */
    public int[] argmax(int axis) {
        return ReductionOps.argmax(this, axis);
    }

    /** softmax along {@code axis}; d/dx = s * (g - sum(g s)). */
    public Tensor softmax(int axis) {
        return ReductionOps.softmax(this, axis);
    }

    /** log softmax along {@code axis}, stable for large logits; d/dx = g - softmax * sum(g). */
    public Tensor logSoftmax(int axis) {
        return ReductionOps.logSoftmax(this, axis);
    }

    // ---------------------------------------------------------------- linear algebra

    /** The matrix product of two rank-2 tensors. */
    public Tensor matmul(Tensor other) {
        return matmul(other, false, false);
    }

    /**
     * op(this) op(other), where op transposes when its flag is set: the flag goes to BLAS, nothing is
     * copied. {@code x.matmul(w, false, true)} is x w^T, the product of a linear layer.
     */
    public Tensor matmul(Tensor other, boolean transA, boolean transB) {
        return MatMul.recorded(this, other, transA, transB);
    }

    // ---------------------------------------------------------------- shapes

    /** The same elements in another shape (a view); one dimension may be -1 (inferred). */
    public Tensor reshape(int... dims) {
        return ShapeOps.reshape(this, dims);
    }

    /** A rank-1 view of all elements. */
    public Tensor flatten() {
        return reshape(size());
    }

    /** Keeps dimension 0 and flattens the rest: [N, C, H, W] to [N, C*H*W]. */
    public Tensor flattenFrom1() {
        return rank() <= 1 ? reshape(size(), 1) : reshape(shape.dim(0), size() / Math.max(1, shape.dim(0)));
    }

    /** The transpose of a rank-2 tensor, as a copy (matmul takes transposes as flags instead). */
    public Tensor transpose() {
        return ShapeOps.transpose(this);
    }

    /** Rows [from, to) along dimension 0, as a view of the same storage (a batch out of a data set). */
    public Tensor sliceRows(int from, int to) {
        return ShapeOps.sliceRows(this, from, to);
    }

    /** The rows at {@code indices} along dimension 0, gathered into a new tensor (a shuffled batch). */
    public Tensor gatherRows(int[] indices) {
        return Shapes.gatherRows(this, indices);
    }

    @Override
    public String toString() {
        return Storage.text(this);
    }
}
