package io.descent.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Reverse-mode differentiation: one iterative walk over the tape in reverse topological order. No
 * recursion (a graph thousands of ops deep does not overflow the stack) and no hash-ordered traversal
 * (the order depends only on argument order, so the last bits are the same run after run).
 */
public final class Backprop {
    private Backprop() {
    }

    /** Runs the backward pass from {@code root}, whose own gradient the caller has already seeded. */
    public static void run(Node root) {
        run(root, false);
    }

    /**
     * Runs the backward pass from {@code root}. Without {@code createGraph} the backward rules are computed,
     * not recorded: no second-order graph is built behind the user's back. With it, grad mode stays on, so the
     * rules' own tensor ops are recorded and the gradients can be differentiated again (double backward, for
     * Hessian-vector products); the nodes then keep their rules for that second pass.
     */
    public static void run(Node root, boolean createGraph) {
        if (createGraph) {
            if (!GradMode.isEnabled()) {
                throw new IllegalStateException("backward with createGraph inside GradMode.disabled(): the gradient's "
                        + "graph cannot be recorded; call it with grad mode on");
            }
            walk(root);
            return;
        }
        try (var scope = GradMode.disabled()) {
            walk(root);
        }
    }

    private static void walk(Node root) {
        for (Node node : reverseTopologicalOrder(root)) {
            if (node.hasGradient()) {
                node.propagate();
            }
        }
    }

    /** Every node reachable from {@code root}, each after all nodes that consume it. */
    public static List<Node> reverseTopologicalOrder(Node root) {
        List<Node> postOrder = new ArrayList<>();
        IdentityHashMap<Node, Boolean> visited = new IdentityHashMap<>();
        // Each frame is a node and the index of the next input to visit: an explicit DFS stack.
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        visited.put(root, Boolean.TRUE);
        stack.push(new Object[] {root, 0});
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Node node = (Node) frame[0];
            int next = (Integer) frame[1];
            Node[] inputs = node.inputs();
            if (next < inputs.length) {
                frame[1] = next + 1;
                Node child = inputs[next];
                if (child != null && visited.put(child, Boolean.TRUE) == null) {
                    stack.push(new Object[] {child, 0});
                }
            } else {
                stack.pop();
                postOrder.add(node);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }
}
