package io.descent.tensor;

import static io.descent.tensor.DoubleBackward.record;

/**
 * The differentiable shape ops behind {@link Tensor}'s methods (reshape, transpose, row slices) and the
 * conversion between types: each forward (a kernel of {@link Shapes}, or a view) next to its derivative.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    /** A view; the rule keeps the input's shape, not the input, which may then be freed. */
    static Tensor reshape(Tensor x, int... dims) {
        Shape s = Shapes.inferReshape(x.shape(), dims);
        Shape from = x.shape();
        return record("reshape", x.view(s, 0), g -> new Tensor[] {g.reshape(from.dims())}, x);
    }

    static Tensor transpose(Tensor x) {
        return record("transpose", Shapes.transpose(x), g -> new Tensor[] {g.transpose()}, x);
    }

    /** A view; the gradient is zeros outside the rows taken. */
    static Tensor sliceRows(Tensor x, int from, int to) {
        Tensor out = Shapes.sliceRows(x, from, to);
        return record("sliceRows", out, g -> {
            int row = x.size() / Math.max(1, x.shape().dim(0));
            if (g.requiresGrad()) {
                int[] at = new int[g.size()];
                for (int i = 0; i < at.length; i++) {
                    at[i] = from * row + i;
                }
                return new Tensor[] {Gather.scatterAdd(g, at, x.shape().dims())};
            }
            Tensor gx = Tensor.zerosLike(x);
            Shapes.copyInto(g, gx, from * row);
            return new Tensor[] {gx};
        }, x);
    }

    /** A copy in {@code target} type, or x when it has that type; the gradient goes back to x's type. */
    static Tensor to(Tensor x, DType target) {
        if (target == x.dtype()) {
            return x;
        }
        Tensor out = Tensor.empty(target, x.shape());
        int offset = x.offset();
        for (int i = 0; i < x.size(); i++) {
            out.put(i, x.at(offset + i));
        }
        DType source = x.dtype();
        return record("to", out, g -> new Tensor[] {g.to(source)}, x);
    }
}
