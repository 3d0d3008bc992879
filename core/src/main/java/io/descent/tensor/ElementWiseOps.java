package io.descent.tensor;

import static io.descent.tensor.DoubleBackward.record;

import io.descent.autograd.GradMode;

/**
 * The differentiable element-wise ops behind {@link Tensor}'s methods: each forward (a kernel of
 * {@link ElementWise}) next to its derivative. A backward rule captures only what it reads (a ReLU's output,
 * not its input), so what it does not need is freed after the forward pass. Every rule is written with
 * recorded ops where its result depends on a variable, so it can be differentiated again ({@link DoubleBackward}).
 */
final class ElementWiseOps {
    private ElementWiseOps() {
    }

    /** a + b, broadcasting. */
    static Tensor add(Tensor a, Tensor other) {
        return record("add", ElementWise.zip(BinaryOp.ADD, a, other),
                g -> new Tensor[] {Broadcast.sumTo(g, a.shape()), Broadcast.sumTo(g, other.shape())}, a, other);
    }

    /** a - b, broadcasting. */
    static Tensor sub(Tensor a, Tensor other) {
        return record("sub", ElementWise.zip(BinaryOp.SUB, a, other),
                g -> new Tensor[] {Broadcast.sumTo(g, a.shape()), Broadcast.sumTo(g.neg(), other.shape())},
                a, other);
    }

    /** d/da = b, d/db = a. */
    static Tensor mul(Tensor a, Tensor other) {
        return record("mul", ElementWise.zip(BinaryOp.MUL, a, other), g -> new Tensor[] {
            a.requiresGrad() ? Broadcast.sumTo(g.mul(other), a.shape()) : null,
            other.requiresGrad() ? Broadcast.sumTo(g.mul(a), other.shape()) : null}, a, other);
    }

    /** d/da = 1/b, d/db = -a/b^2. */
    static Tensor div(Tensor a, Tensor other) {
        return record("div", ElementWise.zip(BinaryOp.DIV, a, other), g -> new Tensor[] {
            a.requiresGrad() ? Broadcast.sumTo(g.div(other), a.shape()) : null,
            other.requiresGrad() ? Broadcast.sumTo(g.mul(a).div(other.mul(other)).neg(), other.shape()) : null},
            a, other);
    }

    static Tensor add(Tensor x, double c) {
        return record("add", ElementWise.map(UnaryOp.ADD_SCALAR, x, c), g -> new Tensor[] {g}, x);
    }

    static Tensor mul(Tensor x, double c) {
        return record("mul", ElementWise.map(UnaryOp.MUL_SCALAR, x, c), g -> new Tensor[] {g.mul(c)}, x);
    }

    static Tensor rsub(Tensor x, double c) {
        return record("rsub", ElementWise.map(UnaryOp.RSUB_SCALAR, x, c), g -> new Tensor[] {g.neg()}, x);
    }

    static Tensor neg(Tensor x) {
        return record("neg", ElementWise.map(UnaryOp.NEG, x, 0), g -> new Tensor[] {g.neg()}, x);
    }

    /** d/dx = p x^(p-1). */
    static Tensor pow(Tensor x, double p) {
        return record("pow", ElementWise.map(UnaryOp.POW, x, p),
                g -> new Tensor[] {g.mul(x.pow(p - 1)).mul(p)}, x);
    }

    /** d/dx = e^x, the output itself. */
    static Tensor exp(Tensor x) {
        Tensor out = ElementWise.map(UnaryOp.EXP, x, 0);
        return record("exp", out, g -> new Tensor[] {g.mul(out)}, x);
    }

    /** d/dx = 1/x. */
    static Tensor log(Tensor x) {
        return record("log", ElementWise.map(UnaryOp.LOG, x, 0), g -> new Tensor[] {g.div(x)}, x);
    }

    /** d/dx = 1 / (2 sqrt x). */
    static Tensor sqrt(Tensor x) {
        Tensor out = ElementWise.map(UnaryOp.SQRT, x, 0);
        return record("sqrt", out, g -> new Tensor[] {g.div(out).mul(0.5)}, x);
    }

    /** d/dx = sign(x), 0 at 0. */
    static Tensor abs(Tensor x) {
        return record("abs", ElementWise.map(UnaryOp.ABS, x, 0),
                g -> new Tensor[] {g.mul(ElementWise.map(UnaryOp.SIGN, x, 0))}, x);
    }

    /** The gradient passes where x >= c (to x at a tie, as torch.clamp). */
    static Tensor max(Tensor x, double c) {
        return record("max", ElementWise.map(UnaryOp.MAX, x, c),
                g -> new Tensor[] {g.mul(ElementWise.map(UnaryOp.GE, x, c))}, x);
    }

    /** The gradient passes where x <= c. */
    static Tensor min(Tensor x, double c) {
        return record("min", ElementWise.map(UnaryOp.MIN, x, c),
                g -> new Tensor[] {g.mul(ElementWise.map(UnaryOp.LE, x, c))}, x);
    }

    /** d/dx = 1 where x > 0, else 0 (0 at the kink, as PyTorch). */
    static Tensor relu(Tensor x) {
        Tensor y = ElementWise.map(UnaryOp.RELU, x, 0);
        return record("relu", y, g -> new Tensor[] {reluBackward(g, y)}, x);
    }

    /** The branch-free kernel, or, for a gradient being differentiated again, g times the constant mask y &gt; 0. */
    private static Tensor reluBackward(Tensor g, Tensor y) {
        return g.requiresGrad() ? g.mul(ElementWise.map(UnaryOp.GT, y, 0)) : ElementWise.reluBackward(g, y);
    }

    /**
     * {@link Tensor#reluInPlace}: rectifies x's own values when nothing else reads them (x is not recorded, or
     * recorded by an op whose rule reads its inputs only), else falls back to {@link #relu}.
     */
    static Tensor reluInPlace(Tensor x) {
        boolean free = !x.requiresGrad() || (x.node instanceof TensorNode.Recorded r && !r.readsResult);
        if (x.dtype() != DType.FLOAT32 || x.offset() != 0 || !free) {
            return x.relu();
        }
        ElementWise.mapInPlace(UnaryOp.RELU, x, 0);
        if (!x.requiresGrad() || !GradMode.isEnabled()) {
            return x;
        }
        Tensor y = x.view(x.shape(), 0);
        return record("relu", y, g -> new Tensor[] {reluBackward(g, y)}, x);
    }

    /** d/dx = s (1 - s). */
    static Tensor sigmoid(Tensor x) {
        Tensor s = ElementWise.map(UnaryOp.SIGMOID, x, 0);
        return record("sigmoid", s, g -> new Tensor[] {g.mul(s.mul(s.rsub(1)))}, x);
    }

    /** d/dx = 1 - tanh^2 x. */
    static Tensor tanh(Tensor x) {
        Tensor t = ElementWise.map(UnaryOp.TANH, x, 0);
        return record("tanh", t, g -> new Tensor[] {g.mul(t.mul(t).rsub(1))}, x);
    }
}
