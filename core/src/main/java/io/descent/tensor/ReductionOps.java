package io.descent.tensor;

import static io.descent.tensor.Tensor.record;

/**
 * The differentiable reductions behind {@link Tensor}'s methods (sums, maxima, softmax): each forward (a kernel
 * of {@link Reductions}) next to its derivative.
 */
final class ReductionOps {
    private ReductionOps() {
    }

    /** The gradient of the sum is the output's gradient everywhere. */
    static Tensor sum(Tensor x) {
        return record("sum", Tensor.scalar(Reductions.sumAll(x), x.dtype()),
                g -> new Tensor[] {Tensor.full(g.item(), x.dtype(), x.shape().dims())}, x);
    }

    /** The gradient of each sum goes, expanded, to every element it summed. */
    static Tensor sum(Tensor x, int axis, boolean keepDim) {
        int a = x.shape().axis(axis);
        Tensor kept = record("sum", Reductions.sum(x, a),
                g -> new Tensor[] {Reductions.expand(g, x.shape(), a)}, x);
        return keepDim ? kept : kept.reshape(x.shape().without(a).dims());
    }

    /** The gradient goes to the first maximal element. */
    static Tensor max(Tensor x, int axis, boolean keepDim) {
        int a = x.shape().axis(axis);
        int[] arg = new int[x.shape().outer(a) * x.shape().inner(a)];
        Tensor kept = record("max", Reductions.max(x, a, arg), g -> {
            Tensor gx = Tensor.zerosLike(x);
            int len = x.shape().dim(a);
            int inner = x.shape().inner(a);
            for (int k = 0; k < arg.length; k++) {
                int o = k / inner;
                int i = k % inner;
                gx.put((o * len + arg[k]) * inner + i, g.at(g.offset() + k));
            }
            return new Tensor[] {gx};
        }, x);
        return keepDim ? kept : kept.reshape(x.shape().without(a).dims());
    }

    static int[] argmax(Tensor x, int axis) {
        int a = x.shape().axis(axis);
        int[] arg = new int[x.shape().outer(a) * x.shape().inner(a)];
        Reductions.max(x, a, arg);
        return arg;
    }

    /** d/dx = s * (g - sum(g s)). */
    static Tensor softmax(Tensor x, int axis) {
        int a = x.shape().axis(axis);
        Tensor s = Reductions.softmax(x, a, false);
        return record("softmax", s, g -> {
            Tensor sd = s.detach();
            Tensor gs = g.mul(sd);
            return new Tensor[] {gs.sub(sd.mul(gs.sum(a, true)))};
        }, x);
    }

    /** d/dx = g - softmax * sum(g). */
    static Tensor logSoftmax(Tensor x, int axis) {
        int a = x.shape().axis(axis);
        Tensor ls = Reductions.softmax(x, a, true);
        return record("logSoftmax", ls, g -> {
            Tensor sm = ls.detach().exp();
            return new Tensor[] {g.sub(sm.mul(g.sum(a, true)))};
        }, x);
    }
}
