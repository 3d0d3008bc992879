package io.descent.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The peers of {@code descent bench}, set up as their own guides say (issue 18): Debian's PyTorch 1.13 as
 * installed, the same with tcmalloc preloaded (PyTorch's CPU tuning guide recommends tcmalloc or jemalloc:
 * glibc returns each step's large temporaries to the kernel and faults them back in), and libtorch 2.7.1 through
 * DJL 0.36 on the JVM (module bench-djl), tcmalloc preloaded too, its natives extracted from the class path once
 * into DJL's cache and never downloaded ({@code -Doffline=true}).
 */
final class Peers {
    static final String PYTORCH = "PyTorch 1.13";
    static final String PYTORCH_TCMALLOC = "PyTorch 1.13 + tcmalloc";
    static final String DJL = "libtorch 2.7.1 (DJL 0.36) + tcmalloc";
    static final String DJL_MAIN = "io.descent.bench.djl.DjlWorkload";

    private Peers() {
    }

    /**
     * The three peers, each with its command or the reason it is skipped.
     *
     * @param torchScript the torch peer script, or null when {@code python} has no torch ({@code noTorch} says why)
     * @param tcmalloc    Debian's libtcmalloc_minimal.so.4 (libgoogle-perftools4)
     * @param djlTarget   bench-djl/target, holding descent-bench-djl.jar and classpath.txt, or null
     */
    static List<Peer> of(String python, Path torchScript, String noTorch, Path tcmalloc, String javaBin, Path djlTarget,
            String noDjl) {
        List<Peer> peers = new ArrayList<>();
        boolean hasTcmalloc = Files.isReadable(tcmalloc);
        String noTcmalloc = "no " + tcmalloc + " (apt-get install libgoogle-perftools4)";
        if (torchScript == null) {
            peers.add(Peer.missing(PYTORCH, noTorch));
            peers.add(Peer.missing(PYTORCH_TCMALLOC, noTorch));
        } else {
            List<String> cmd = List.of(python, torchScript.toString());
            peers.add(new Peer(PYTORCH, cmd, Map.of(), null));
            peers.add(hasTcmalloc ? new Peer(PYTORCH_TCMALLOC, cmd, Map.of("LD_PRELOAD", tcmalloc.toString()), null)
                    : Peer.missing(PYTORCH_TCMALLOC, noTcmalloc));
        }
        peers.add(djl(javaBin, djlTarget, noDjl, hasTcmalloc ? tcmalloc : null, noTcmalloc));
        return peers;
    }

    private static Peer djl(String javaBin, Path target, String noDjl, Path tcmalloc, String noTcmalloc) {
        if (noDjl != null) {
            return Peer.missing(DJL, noDjl);
        }
        Path jar = target == null ? null : target.resolve("descent-bench-djl.jar");
        Path classpath = target == null ? null : target.resolve("classpath.txt");
        if (jar == null || !Files.isReadable(jar) || !Files.isReadable(classpath)) {
            return Peer.missing(DJL, "bench-djl is not built (" + (target == null ? "bench-djl/target" : target)
                    + " lacks descent-bench-djl.jar or classpath.txt; mvn -pl bench-djl package)");
        }
        if (tcmalloc == null) {
            return Peer.missing(DJL, noTcmalloc);
        }
        String deps;
        try {
            deps = Files.readString(classpath).strip();
        } catch (java.io.IOException e) {
            return Peer.missing(DJL, "cannot read " + classpath + ": " + e.getMessage());
        }
        // -Doffline=true: DJL takes libtorch from pytorch-native-cpu's jar on the class path, never the network.
        List<String> cmd = List.of(javaBin, "-Xmx2g", "-Doffline=true", "-cp", jar + java.io.File.pathSeparator + deps,
                DJL_MAIN);
        return new Peer(DJL, cmd, Map.of("LD_PRELOAD", tcmalloc.toString()), null);
    }
}
