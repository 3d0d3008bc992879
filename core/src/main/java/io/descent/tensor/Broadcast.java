package io.descent.tensor;

/**
 * The pair of linear maps behind broadcasting, as recorded ops for double backward: summing a gradient over
 * the broadcast dimensions (the gradient of a broadcast operand) and expanding it back (the gradient of that
 * sum). Each is the other's derivative. An argument that requires no gradient takes the plain kernel.
 */
final class Broadcast {
    private Broadcast() {
    }

    /** g summed down to {@code target} (g's shape broadcast from it). */
    static Tensor sumTo(Tensor g, Shape target) {
        if (g.shape().equals(target)) {
            return g;
        }
        Tensor out = ElementWise.sumTo(g, target);
        if (!g.requiresGrad()) {
            return out;
        }
        Shape from = g.shape();
        return DoubleBackward.record("sumTo", out, h -> new Tensor[] {expand(h, from)}, g);
    }

    /** g repeated along the dimensions where it has size 1 (or is missing) up to {@code target}. */
    static Tensor expand(Tensor g, Shape target) {
        if (g.shape().equals(target)) {
            return g;
        }
        Tensor out = ElementWise.zip(BinaryOp.ADD, Tensor.zeros(g.dtype(), target), g);
        if (!g.requiresGrad()) {
            return out;
        }
        Shape from = g.shape();
        return DoubleBackward.record("expand", out, h -> new Tensor[] {sumTo(h, from)}, g);
    }
}
