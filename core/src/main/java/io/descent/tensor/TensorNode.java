package io.descent.tensor;

import io.descent.autograd.Node;

/** A tensor's place on the tape: a leaf that accumulates its gradient, or an op that sends it on. */
public abstract sealed class TensorNode extends Node permits TensorNode.Leaf, TensorNode.Recorded {

    /** Maps the gradient of an op's result to one gradient per input (null where an input needs none). */
    @FunctionalInterface
    public interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    TensorNode(Node[] inputs) {
        super(inputs);
    }

    abstract void accumulate(Tensor g);

    /** A variable (a parameter): gradients add up in {@link Tensor#grad()}. */
    static final class Leaf extends TensorNode {
        private final Tensor tensor;

        Leaf(Tensor tensor) {
            super(null);
            this.tensor = tensor;
        }

        @Override
        void accumulate(Tensor g) {
            tensor.accumulateGrad(g);
        }

        @Override
        protected boolean hasGradient() {
            return false; // nothing to send on
        }

        @Override
        protected void propagate() {
        }
    }

    /** The record of one op: its inputs, its backward rule and, during a backward pass, its gradient. */
    static final class Recorded extends TensorNode {
        final String op;
        private final Tensor output;
        private final Tensor[] inputs;
        private Backward backward;
        private Tensor grad;
        private boolean gradOwned;

        Recorded(String op, Tensor output, Tensor[] inputs, Backward backward) {
            super(nodesOf(inputs));
            this.op = op;
            this.output = output;
            this.inputs = inputs;
            this.backward = backward;
        }

        private static Node[] nodesOf(Tensor[] inputs) {
            Node[] nodes = new Node[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                nodes[i] = inputs[i] == null ? null : inputs[i].node;
            }
            return nodes;
        }

        /** The first gradient is kept as is; a second one (the result was used twice) is added into a copy. */
        @Override
        void accumulate(Tensor g) {
            if (!g.shape().equals(output.shape())) {
                throw new IllegalStateException("backward of " + op + ": gradient of shape " + g.shape()
                        + " for a result of shape " + output.shape());
            }
            if (grad == null) {
                grad = g;
            } else {
                if (!gradOwned) {
                    grad = grad.copy();
                    gradOwned = true;
                }
                grad.addScaledUnchecked(g, 1.0);
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
            Tensor g = grad;
            grad = null;
            gradOwned = false;
            Tensor[] grads = backward.apply(g);
            backward = null; // frees what the rule captured (activations) once used
            for (int i = 0; i < inputs.length; i++) {
                Tensor in = inputs[i];
                if (in != null && in.node != null && grads[i] != null) {
                    if (!grads[i].shape().equals(in.shape())) {
                        throw new IllegalStateException("backward of " + op + ": gradient " + grads[i].shape()
                                + " for input " + i + " of shape " + in.shape());
                    }
                    in.node.accumulate(grads[i]);
                }
            }
        }
    }
}
