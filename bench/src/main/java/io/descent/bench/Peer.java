package io.descent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A peer of the end-to-end bench: the command that runs one of its workloads and prints a RESULT line (as
 * {@link DescentWorkload} does), the environment it adds, and whether it runs on one thread pool of OpenBLAS
 * ({@code OPENBLAS_NUM_THREADS} = threads) or its own. {@code unavailable} says in a few words why it cannot run
 * here, null when it can.
 */
record Peer(String name, List<String> command, Map<String, String> environment, String unavailable) {

    Peer {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** A peer that cannot run here, for the reason given. */
    static Peer missing(String name, String why) {
        return new Peer(name, List.of(), Map.of(), why);
    }

    boolean available() {
        return unavailable == null;
    }

    /** The command line of one run: the peer's command, then {@code WORKLOAD --warmup N --steps N --threads N}. */
    List<String> command(Workload w, int warmup, int steps, int threads) {
        if (!available()) {
            throw new IllegalStateException(name + " cannot run: " + unavailable);
        }
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of(w.id, "--warmup", Integer.toString(warmup), "--steps", Integer.toString(steps),
                "--threads", Integer.toString(threads)));
        return cmd;
    }
}
