package io.descent.tensor;

import static io.descent.tensor.DoubleBackward.record;

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
                g -> new Tensor[] {g.requiresGrad() ? Broadcast.expand(g, x.shape())
                        : Tensor.full(g.item(), x.dtype(), x.shape().dims())}, x);
    }

    /** The gradient of each sum goes, expanded, to every element it summed. */
    static Tensor sum(Tensor x, int axis, boolean keepDim) {
        int a = x.shape().axis(axis);
        Tensor kept = record("sum", Reductions.sum(x, a),
                g -> new Tensor[] {g.requiresGrad() ? Broadcast.expand(g, x.shape()) : Reductions.expand(g, x.shape(), a)},
                x);
        return keepDim ? kept : kept.reshape(x.shape().without(a).dims());
    }

    /** The gradient goes to the first maximal element. */
    static Tensor max(Tensor x, int axis, boolean keepDim) {
        int a = x.shape().axis(axis);
        int[] arg = new int[x.shape().outer(a) * x.shape().inner(a)];
        Tensor kept = record("max", Reductions.max(x, a, arg), g -> {
            int len = x.shape().dim(a);
            int inner = x.shape().inner(a);
            if (g.requiresGrad()) {
                int[] at = new int[arg.length];
                for (int k = 0; k < arg.length; k++) {
                    at[k] = (k / inner * len + arg[k]) * inner + k % inner;
                }
                return new Tensor[] {Gather.scatterAdd(g, at, x.shape().dims())};
            }
            Tensor gx = Tensor.zerosLike(x);
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
            Tensor gs = g.mul(s);
            return new Tensor[] {gs.sub(s.mul(gs.sum(a, true)))};
        }, x);
    }

    /** d/dx = g - softmax * sum(g). */
    static Tensor logSoftmax(Tensor x, int axis) {
        int a = x.shape().axis(axis);
        Tensor ls = Reductions.softmax(x, a, true);
        return record("logSoftmax", ls, g -> {
            Tensor sm = ls.exp();
            return new Tensor[] {g.sub(sm.mul(g.sum(a, true)))};
        }, x);
    }
}
