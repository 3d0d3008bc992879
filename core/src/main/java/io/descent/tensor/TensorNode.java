package io.descent.tensor;

import io.descent.autograd.Backprop;
import io.descent.autograd.GradMode;
import io.descent.autograd.Node;
import java.util.IdentityHashMap;

/** A tensor's place on the tape: a leaf that accumulates its gradient, or an op that sends it on. */
public abstract sealed class TensorNode extends Node permits TensorNode.Leaf, TensorNode.Recorded {

    /** Maps the gradient of an op's result to one gradient per input (null where an input needs none). */
    @FunctionalInterface
    public interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    /**
     * While {@link DoubleBackward#gradients} runs on this thread, the leaves' gradients go here (leaf tensor to
     * its gradient) instead of into their {@link Tensor#grad()}; null otherwise.
     */
    private static final ThreadLocal<IdentityHashMap<Tensor, Tensor>> CAPTURE = new ThreadLocal<>();

    TensorNode(Node[] inputs) {
        super(inputs);
    }

    /** Whether leaves' gradients are being captured by {@link DoubleBackward#gradients} on this thread. */
    static boolean capturing() {
        return CAPTURE.get() != null;
    }

    /**
     * d root / d leaf for every leaf the backward pass from the scalar {@code root} reaches, captured instead of
     * accumulated into the leaves' {@link Tensor#grad()}; with {@code createGraph} they are recorded tensors.
     */
    static IdentityHashMap<Tensor, Tensor> captureGradients(Tensor root, boolean createGraph) {
        if (root.size() != 1) {
            throw new IllegalStateException("gradients: needs a scalar (one element), got shape " + root.shape());
        }
        if (root.node == null) {
            throw new IllegalStateException("gradients: the output does not require grad: no input of the "
                    + "computation was marked requiresGrad(true), or it ran inside GradMode.disabled()");
        }
        IdentityHashMap<Tensor, Tensor> previous = CAPTURE.get();
        IdentityHashMap<Tensor, Tensor> captured = new IdentityHashMap<>();
        CAPTURE.set(captured);
        try {
            root.node.accumulate(Tensor.onesLike(root));
            Backprop.run(root.node, createGraph);
        } finally {
            if (previous == null) {
                CAPTURE.remove();
            } else {
                CAPTURE.set(previous);
            }
        }
        return captured;
    }

    abstract void accumulate(Tensor g);

    /** {@link Tensor#requiresGrad(boolean)}: gives a leaf its place on the tape, or takes it away. */
    static void markLeaf(Tensor t, boolean on) {
        if (t.node instanceof Recorded) {
            throw new IllegalStateException("requiresGrad: only leaves can be marked; this tensor was computed by "
                    + ((Recorded) t.node).op + " (use detach() for a new leaf)");
        }
        t.node = on ? new Leaf(t) : null;
    }

    /** {@link Tensor#backward()}: from a scalar, whose gradient with respect to itself is 1. */
    static void backward(Tensor root) {
        if (root.size() != 1) {
            throw new IllegalStateException("backward(): needs a scalar (one element), got shape " + root.shape()
                    + "; reduce it first (sum, mean) or pass the output gradient");
        }
        root.backward(Tensor.onesLike(root));
    }

    /** {@link Tensor#backward(Tensor)}: seeds the root's gradient and walks the tape back from it. */
    static void backward(Tensor root, Tensor gradient) {
        if (root.node == null) {
            throw new IllegalStateException("backward(): this tensor does not require grad: no input of the "
                    + "computation was marked requiresGrad(true), or it ran inside GradMode.disabled()");
        }
        Shapes.checkSame("backward", root, gradient);
        root.node.accumulate(gradient);
        Backprop.run(root.node);
    }

    /**
     * Records {@code value} as the result of {@code op} when grad mode is on and some input requires grad
     * (see {@link Tensor#record} and {@link Tensor#recordReadingInputsOnly}); returns {@code value}.
     */
    static Tensor record(String op, Tensor value, Backward backward, boolean readsResult, Tensor... inputs) {
        return record(op, value, backward, readsResult, false, inputs);
    }

    /**
     * {@link #record}, saying whether the backward rule is twice differentiable: run with grad mode on (a
     * backward pass that creates the graph) it computes its gradients with recorded ops.
     */
    static Tensor record(String op, Tensor value, Backward backward, boolean readsResult, boolean twice,
            Tensor... inputs) {
        if (!GradMode.isEnabled()) {
            return value;
        }
        boolean any = false;
        for (Tensor in : inputs) {
            any |= in != null && in.node != null;
        }
        if (any) {
            value.node = new Recorded(op, value, inputs, backward, readsResult, twice);
        }
        return value;
    }

    /** A variable (a parameter): gradients add up in {@link Tensor#grad()}. */
    static final class Leaf extends TensorNode {
        private final Tensor tensor;

        Leaf(Tensor tensor) {
            super(null);
            this.tensor = tensor;
        }

        /** Into the leaf's gradient buffer, or, while {@link #capturing}, into the captured sum (never in place). */
        @Override
        void accumulate(Tensor g) {
            IdentityHashMap<Tensor, Tensor> captured = CAPTURE.get();
            if (captured == null) {
                LeafGradient.accumulate(tensor, g);
            } else {
                captured.merge(tensor, g, Tensor::add);   // recorded when the graph is being created
            }
        }

        @Override
        protected boolean hasGradient() {
            return false; // nothing to send on
        }

        @Override
        protected void propagate() {
        }
    }

    /**
     * The record of one op: its inputs' places on the tape and shapes, its backward rule and, during a backward
     * pass, its gradient. It keeps the inputs' nodes, not the input tensors: an input that the rule does not
     * need (the input of a ReLU, which differentiates from its output) is freed as soon as nothing else holds
     * it, as in PyTorch, instead of living until the backward pass.
     */
    static final class Recorded extends TensorNode {
        final String op;
        private final Shape outputShape;
        private final Shape[] inputShapes;
        private Backward backward;
        private Tensor grad;
        private boolean gradOwned;
        /** Whether the backward rule may read the op's result (false: it reads the inputs only). */
        final boolean readsResult;
        /** Whether the backward rule records its gradients when run with grad mode on (double backward). */
        private final boolean twice;

        Recorded(String op, Tensor output, Tensor[] inputs, Backward backward, boolean readsResult, boolean twice) {
            super(nodesOf(inputs));
            this.op = op;
            this.readsResult = readsResult;
            this.twice = twice;
            this.outputShape = output.shape();
            this.inputShapes = new Shape[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                inputShapes[i] = inputs[i] == null ? null : inputs[i].shape();
            }
            this.backward = backward;
        }

        private static Node[] nodesOf(Tensor[] inputs) {
            Node[] nodes = new Node[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                nodes[i] = inputs[i] == null ? null : inputs[i].node;
            }
            return nodes;
        }

        /**
         * The first gradient is kept as is; a second one (the result was used twice) is added into a copy, or,
         * while the graph is being created (grad mode on), by a recorded add.
         */
        @Override
        void accumulate(Tensor g) {
            if (!g.shape().equals(outputShape)) {
                throw new IllegalStateException("backward of " + op + ": gradient of shape " + g.shape()
                        + " for a result of shape " + outputShape);
            }
            if (grad != null && GradMode.isEnabled()) {
                grad = grad.add(g);
            } else if (grad == null) {
                grad = g;
            } else {
                if (!gradOwned) {
                    grad = grad.copy();
                    gradOwned = true;
                }
                Storage.addScaled(grad, g, 1.0);
            }
        }

        @Override
        protected boolean hasGradient() {
            return grad != null;
        }

        @Override
        protected void propagate() {
            if (backward == null) {
                throw new IllegalStateException("backward through " + op
                        + " a second time: the graph is freed after one backward pass; run the forward pass again");
            }
            // Grad mode is on during a backward pass only when it creates the graph (Backprop.run).
            boolean creating = GradMode.isEnabled();
            if (creating && !twice) {
                throw new IllegalStateException("double backward through " + op + ": its backward rule is not "
                        + "differentiable (it is computed by a kernel, not recorded), so second derivatives through "
                        + "it are not available");
            }
            Tensor g = grad;
            grad = null;
            gradOwned = false;
            Tensor[] grads = backward.apply(g);
            if (!creating) {
                backward = null; // frees what the rule captured (activations) once used
            }
            Node[] inputs = inputs();
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i] != null && grads[i] != null) {
                    if (!grads[i].shape().equals(inputShapes[i])) {
                        throw new IllegalStateException("backward of " + op + ": gradient " + grads[i].shape()
                                + " for input " + i + " of shape " + inputShapes[i]);
                    }
                    ((TensorNode) inputs[i]).accumulate(grads[i]);
                }
            }
        }
    }
}
