package io.descent.tensor;

/**
 * A tensor's gradient buffer and the rules for writing it: what a backward pass adds into a leaf, what
 * {@link Tensor#setGrad} replaces and {@link Tensor#zeroGrad} clears, and where a fused kernel writes a leaf's
 * gradient itself ({@link Tensor#gradientTarget}).
 *
 * <p>Why zeroing is lazy: an optimizer zeroes every parameter's gradient each step, and the next backward pass
 * writes every one of them anyway. Writing the zeros at once would cost, for every parameter and step, a pass
 * that writes them and another that reads them back to add the new gradient. So {@link #zero()} only marks the
 * buffer: the next gradient overwrites it instead of adding to it, a fused kernel is told to write it with
 * GEMM's beta 0, and {@link #read()} writes the zeros if someone looks before either. The buffer is never seen
 * holding stale values through read(); a reference to it taken before zero() may be.
 *
 * <p>A tensor creates its LeafGradient with its first gradient and keeps it, with the buffer, for its life, so
 * a training step allocates nothing here. Like the tensor it belongs to, it is not thread-safe.
 */
final class LeafGradient {
    private Tensor buffer;
    /** Set by zero(): the buffer counts as zeros until it is read or overwritten. */
    private boolean zeroed;

    /** Where a fused kernel writes the gradient of {@code x}: see {@link Tensor#gradientTarget}. */
    static Tensor.GradientTarget targetFor(Tensor x) {
        if (x.node instanceof TensorNode.Leaf) {
            return x.leafGradient().leafTarget(x);
        }
        Tensor g = Tensor.empty(x.dtype(), x.shape());
        return new Tensor.GradientTarget(g, 1, g);
    }

    /** The gradient, with its pending zeros written first; null before any gradient arrived. */
    Tensor read() {
        if (zeroed) {
            InPlace.fill(buffer, 0);
            zeroed = false;
        }
        return buffer;
    }

    void replace(Tensor g) {
        buffer = g;
        zeroed = false;
    }

    void zero() {
        zeroed = buffer != null;
    }

    /** Adds {@code g} (the leaf's shape): the first one is copied into a buffer the leaf owns. */
    void accumulate(Tensor g) {
        if (buffer == null) {
            buffer = g.copy();
        } else if (zeroed) {
            System.arraycopy(g.f != null ? g.f : g.d, g.offset(), buffer.f != null ? buffer.f : buffer.d,
                    buffer.offset(), buffer.size());
            zeroed = false;
        } else {
            InPlace.addScaled(buffer, g, 1.0);
        }
    }

    private Tensor.GradientTarget leafTarget(Tensor leaf) {
        boolean overwrite = buffer != null && zeroed;       // old values in it: beta 0
        if (buffer == null) {
            buffer = Tensor.empty(leaf.dtype(), leaf.shape());   // zeros: adding to them is writing
        }
        zeroed = false;
        return new Tensor.GradientTarget(buffer, overwrite ? 0 : 1, null);
    }
}
