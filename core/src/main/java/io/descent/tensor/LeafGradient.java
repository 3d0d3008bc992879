package io.descent.tensor;

/**
 * A tensor's gradient buffer and the rules for writing it: what a backward pass adds into a leaf, what
 * {@link Tensor#setGrad} replaces and {@link Tensor#zeroGrad} clears, and where a fused kernel writes a leaf's
 * gradient itself ({@link Tensor#gradientTarget}).
 *
 * <p>Why zeroing is lazy: an optimizer zeroes every parameter's gradient each step, and the next backward pass
 * writes every one of them anyway. Writing the zeros at once would cost, for every parameter and step, a pass
 * that writes them and another that reads them back to add the new gradient. So {@link #zero} only marks the
 * buffer: the next gradient overwrites it instead of adding to it, a fused kernel is told to write it with
 * GEMM's beta 0, and {@link #read} writes the zeros if someone looks before either. The buffer is never seen
 * holding stale values through read; a reference to it taken before zero may be.
 *
 * <p>Why a fused kernel gets the buffer itself: a layer's weight gradient comes out of a GEMM, which can add
 * into (beta 1) or overwrite (beta 0) the leaf's buffer directly. That saves, for each weight, a tensor the
 * size of the weight and a pass that adds it.
 *
 * <p>Why a support: a sparse layer ({@code SparseAffine}) writes only the columns its batch touches, a few
 * thousand of 10^5 or more. While every write is such a scatter the buffer is known to be zero outside the
 * columns written ({@link GradientSupport}), so clearing it means clearing those columns and an optimizer may
 * update only them. Every other way of writing the buffer forgets the support: the tape's accumulation, a
 * dense kernel's target, {@link Tensor#setGrad}, and {@link Tensor#grad()}, whose caller may write into what
 * it gets ({@link Tensor#peekGrad()} is the read-only access that keeps it). A full clear makes it known again.
 *
 * <p>A tensor gets its LeafGradient with its first gradient and keeps it, with the buffer, for its life, so a
 * training step allocates nothing here. Like the tensor it belongs to, it is not thread-safe.
 */
final class LeafGradient {
    private Tensor buffer;
    /** Set by zero(): the buffer counts as zeros until it is read or overwritten. */
    private boolean zeroed;
    /** Null until a sparse kernel wrote the buffer; then which columns may be non-zero, when known. */
    private GradientSupport support;

    private LeafGradient() {
    }

    /** {@link Tensor#grad()}: the gradient, its pending zeros written first; null before any gradient. */
    static Tensor read(Tensor t) {
        Tensor b = peek(t);
        if (b != null) {
            t.gradient.forgetSupport();       // the caller may write into it
        }
        return b;
    }

    /** {@link Tensor#peekGrad()}: as read, for a caller that does not write the buffer, so the support stays. */
    static Tensor peek(Tensor t) {
        LeafGradient lg = t.gradient;
        if (lg == null) {
            return null;
        }
        if (lg.zeroed) {
            lg.clear();
        }
        return lg.buffer;
    }

    /** {@link GradientSupport#of}: the known support of the gradient, or null. */
    static GradientSupport support(Tensor t) {
        LeafGradient lg = t.gradient;
        if (lg == null || lg.buffer == null || lg.zeroed || lg.support == null || !lg.support.isKnown()) {
            return null;
        }
        return lg.support;
    }

    /** {@link Tensor#setGrad}: g (t's shape and type, or null) becomes the gradient. */
    static void set(Tensor t, Tensor g) {
        if (g != null) {
            Shapes.checkSame("setGrad", t, g);
        }
        if (g != null || t.gradient != null) {
            LeafGradient lg = of(t);
            lg.buffer = g;
            lg.zeroed = false;
            lg.forgetSupport();
        }
    }

    /** {@link Tensor#zeroGrad}: marks the buffer as zeros, written when needed. */
    static void zero(Tensor t) {
        LeafGradient lg = t.gradient;
        if (lg != null) {
            lg.zeroed = lg.buffer != null;
        }
    }

    /** Adds {@code g} (the leaf's shape) into a leaf's gradient: the first one is copied into a buffer it owns. */
    static void accumulate(Tensor leaf, Tensor g) {
        LeafGradient lg = of(leaf);
        lg.forgetSupport();
        if (lg.buffer == null) {
            lg.buffer = g.copy();
        } else if (lg.zeroed) {
            Tensor b = lg.buffer;
            System.arraycopy(g.f != null ? g.f : g.d, g.offset(), b.f != null ? b.f : b.d, b.offset(), b.size());
            lg.zeroed = false;
        } else {
            Storage.addScaled(lg.buffer, g, 1.0);
        }
    }

    /**
     * {@link Tensor#gradientTarget}: for a leaf its buffer, with beta 0 when it was zeroed (overwrite what it
     * held) and 1 when it holds a gradient (add) or was just made (zeros); for any other tensor a new one of
     * zeros with beta 1, which the backward rule returns.
     */
    static Tensor.GradientTarget targetFor(Tensor x) {
        if (!(x.node instanceof TensorNode.Leaf) || TensorNode.capturing()) {   // captured: returned, not written
            Tensor g = Tensor.empty(x.dtype(), x.shape());
            return new Tensor.GradientTarget(g, 1, g);
        }
        LeafGradient lg = of(x);
        lg.forgetSupport();                                      // a dense kernel writes everywhere
        boolean overwrite = lg.buffer != null && lg.zeroed;      // old values in it: beta 0
        if (lg.buffer == null) {
            lg.buffer = Tensor.empty(x.dtype(), x.shape());       // zeros: adding to them is writing
        }
        lg.zeroed = false;
        return new Tensor.GradientTarget(lg.buffer, overwrite ? 0 : 1, null);
    }

    /**
     * {@link SparseGradientTarget}: for a leaf of shape [rows, width] its buffer, ready to add into
     * (the zeros of a zeroGrad written, only in the known columns when the support is known), with the
     * support the kernel records its columns in; for any other tensor a new one of zeros, to return.
     */
    static SparseGradientTarget sparseTargetFor(Tensor x) {
        if (!(x.node instanceof TensorNode.Leaf) || TensorNode.capturing()) {   // captured: returned, not written
            Tensor g = Tensor.empty(x.dtype(), x.shape());
            return new SparseGradientTarget(g, null, g);
        }
        LeafGradient lg = of(x);
        if (lg.buffer == null) {
            lg.buffer = Tensor.empty(x.dtype(), x.shape());
            lg.support = new GradientSupport(x.dim(0), x.dim(1));
        } else {
            if (lg.support == null) {
                lg.support = new GradientSupport(x.dim(0), x.dim(1));
                lg.support.forget();                             // what the buffer holds was written densely
            }
            if (lg.zeroed) {
                lg.clear();
            }
        }
        return new SparseGradientTarget(lg.buffer, lg.support, null);
    }

    /** Writes the pending zeros: only the support's columns when it is known, else all; then the support is empty. */
    private void clear() {
        if (support != null && support.isKnown() && support.paysOff()) {
            support.clearColumns(buffer);
        } else {
            Storage.fill(buffer, 0);
            if (support != null) {
                support.reset();
            }
        }
        zeroed = false;
    }

    private void forgetSupport() {
        if (support != null) {
            support.forget();
        }
    }

    private static LeafGradient of(Tensor t) {
        if (t.gradient == null) {
            t.gradient = new LeafGradient();
        }
        return t.gradient;
    }
}
