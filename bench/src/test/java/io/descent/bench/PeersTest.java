package io.descent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeersTest {
    @TempDir
    Path dir;

    private Path tcmalloc() throws IOException {
        return Files.writeString(dir.resolve("libtcmalloc_minimal.so.4"), "");
    }

    private Path djlTarget() throws IOException {
        Path target = Files.createDirectories(dir.resolve("bench-djl/target"));
        Files.writeString(target.resolve("descent-bench-djl.jar"), "");
        Files.writeString(target.resolve("classpath.txt"), "/m2/api.jar:/m2/native.jar\n");
        return target;
    }

    @Test
    void allThreePeersRunWithTcmallocPreloadedWhereTheirGuidesSaySo() throws IOException {
        Path script = dir.resolve("torch_workload.py");
        List<Peer> peers = Peers.of("/usr/bin/python3", script, null, tcmalloc(), "/jdk/bin/java", djlTarget(), null);
        assertThat(peers).extracting(Peer::name).containsExactly(Peers.PYTORCH, Peers.PYTORCH_TCMALLOC, Peers.DJL);
        assertThat(peers).allSatisfy(p -> assertThat(p.available()).isTrue());
        assertThat(peers.get(0).environment()).isEmpty();
        assertThat(peers.get(1).environment()).isEqualTo(Map.of("LD_PRELOAD", tcmalloc().toString()));
        assertThat(peers.get(1).command(Workload.MLP, 40, 300, 2)).containsExactly("/usr/bin/python3",
                script.toString(), "mlp-adam", "--warmup", "40", "--steps", "300", "--threads", "2");
    }

    @Test
    void theDjlPeerIsAJvmOnTheModulesJarAndClassPathOfflineWithTcmalloc() throws IOException {
        Path target = djlTarget();
        Peer djl = Peers.of("/usr/bin/python3", null, "no torch", tcmalloc(), "/jdk/bin/java", target, null).get(2);
        assertThat(djl.command(Workload.CNN, 6, 30, 2)).containsExactly("/jdk/bin/java", "-Xmx2g", "-Doffline=true",
                "-cp", target.resolve("descent-bench-djl.jar") + ":/m2/api.jar:/m2/native.jar", Peers.DJL_MAIN,
                "cnn-adam", "--warmup", "6", "--steps", "30", "--threads", "2");
        assertThat(djl.environment()).containsEntry("LD_PRELOAD", tcmalloc().toString());
    }

    @Test
    void eachMissingPeerIsSkippedWithItsReason() {
        List<Peer> peers = Peers.of("/usr/bin/python3", null, "/usr/bin/python3 has no torch",
                dir.resolve("absent.so"), "/jdk/bin/java", dir.resolve("bench-djl/target"), null);
        assertThat(peers).allSatisfy(p -> assertThat(p.available()).isFalse());
        assertThat(peers.get(0).unavailable()).isEqualTo("/usr/bin/python3 has no torch");
        assertThat(peers.get(2).unavailable()).contains("bench-djl is not built", "mvn -pl bench-djl package");
        assertThat(Peers.of("p", null, "x", dir.resolve("absent.so"), "java", null, "--no-djl").get(2).unavailable())
                .isEqualTo("--no-djl");
    }

    @Test
    void withoutTcmallocOnlyPytorchAsInstalledRuns() throws IOException {
        List<Peer> peers = Peers.of("/usr/bin/python3", dir.resolve("t.py"), null, dir.resolve("absent.so"),
                "/jdk/bin/java", djlTarget(), null);
        assertThat(peers).extracting(Peer::available).containsExactly(true, false, false);
        assertThat(peers.get(1).unavailable()).contains("libgoogle-perftools4");
    }
}
