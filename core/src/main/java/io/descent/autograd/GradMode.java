package io.descent.autograd;

/**
 * Whether operations record themselves on the tape, per thread. Inference and optimizer updates run
 * inside {@link #disabled()}:
 *
 * <pre>{@code
 * try (var scope = GradMode.disabled()) {
 *     Tensor prediction = model.forward(x);   // nothing recorded
 * }
 * }</pre>
 *
 * The flag is per thread, not global, so eight threads can predict while another trains.
 */
public final class GradMode {
    private static final ThreadLocal<int[]> DISABLED_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private GradMode() {
    }

    public static boolean isEnabled() {
        return DISABLED_DEPTH.get()[0] == 0;
    }

    /** Turns recording off until the returned scope is closed; scopes nest. */
    public static Scope disabled() {
        int[] depth = DISABLED_DEPTH.get();
        depth[0]++;
        return new Scope(depth);
    }

    /** A no-grad region; closing it restores the previous mode. */
    public static final class Scope implements AutoCloseable {
        private final int[] depth;
        private boolean closed;

        private Scope(int[] depth) {
            this.depth = depth;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                depth[0]--;
            }
        }
    }
}
