package io.descent.autograd;

/**
 * One entry of the tape: a value computed on the forward pass that knows how to send its gradient to the
 * nodes it was computed from. The tape knows nothing of tensors; {@code io.descent.tensor} supplies the
 * nodes, so the walk in {@link Backprop} stays a few lines that can be tested alone.
 */
public abstract class Node {
    private static final Node[] NONE = new Node[0];
    private final Node[] inputs;

    protected Node(Node[] inputs) {
        this.inputs = inputs == null ? NONE : inputs;
    }

    /** The nodes this one was computed from, in argument order (the walk's order is this order: deterministic). */
    public final Node[] inputs() {
        return inputs;
    }

    /** Whether any gradient has reached this node; a node nothing flowed into is skipped. */
    protected abstract boolean hasGradient();

    /**
     * Sends this node's accumulated gradient to its inputs. Called once per backward pass, after every node
     * that consumed this one has sent its share.
     */
    protected abstract void propagate();
}
