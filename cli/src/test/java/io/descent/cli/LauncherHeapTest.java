package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code descent} launcher's heap: taken from the machine (a quarter of its memory, and of {@code ulimit -v}
 * when set) instead of a fixed {@code -Xmx4g}, which does not start under {@code ulimit -v}; DESCENT_JAVA_OPTS
 * replaces it; {@code --verbose} says which heap. The script runs in a copy of the project root whose
 * {@code cli/target/descent.jar} is {@link HeapProbe}, so nothing is built and each run is a bare JVM start.
 */
class LauncherHeapTest {
    private static final Pattern HEAP = Pattern.compile("max heap MB (\\d+) args (\\d+)");

    @TempDir
    static Path root;

    @BeforeAll
    static void fakeProject() throws IOException {
        Path script = root.resolve("descent");
        Files.copy(Path.of("..", "descent"), script);
        script.toFile().setExecutable(true);
        Path jar = Files.createDirectories(root.resolve("cli/target")).resolve("descent.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, HeapProbe.class.getName());
        String entry = HeapProbe.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m);
                InputStream in = HeapProbe.class.getClassLoader().getResourceAsStream(entry)) {
            j.putNextEntry(new JarEntry(entry));
            in.transferTo(j);
            j.closeEntry();
        }
    }

    @Test
    void underUlimitVTheHeapIsAQuarterOfTheAddressSpaceAndTheJvmStarts() throws Exception {
        long limitKb = 2_000_000;
        Run r = launch("ulimit -v " + limitKb + " && ./descent --verbose train x", null);
        assertThat(r.status).as(r.err).isZero();
        assertThat(r.err).contains("descent: heap -Xmx" + limitKb / 1024 / 4 + "m");
        long heapMb = heapOf(r);
        assertThat(heapMb).isLessThanOrEqualTo(limitKb / 1024 / 4).isGreaterThan(limitKb / 1024 / 8);
        assertThat(argsOf(r)).as("--verbose is the launcher's, not the command's").isEqualTo(2);
    }

    @Test
    void withoutALimitTheHeapIsAQuarterOfPhysicalMemoryAtMost16GiB() throws Exception {
        Run r = launch("./descent --verbose", null);
        assertThat(r.status).as(r.err).isZero();
        long physicalMb = physicalMb();
        long expected = Math.min(physicalMb / 4, 16384);
        assertThat(r.err).contains("descent: heap -Xmx" + expected + "m");
        assertThat(heapOf(r)).isLessThanOrEqualTo(expected).isGreaterThan(expected / 2);
    }

    @Test
    void descentJavaOptsReplacesTheChosenHeap() throws Exception {
        Run r = launch("ulimit -v 2000000 && ./descent --verbose", "-Xmx200m -XX:+UseSerialGC");
        assertThat(r.status).as(r.err).isZero();
        assertThat(r.err).contains("DESCENT_JAVA_OPTS: -Xmx200m");
        assertThat(heapOf(r)).isBetween(150L, 200L);
        assertThat(argsOf(r)).isZero();
    }

    private static long physicalMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                long mb = Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                Path cgroup = Path.of("/sys/fs/cgroup/memory.max");
                if (Files.isReadable(cgroup)) {
                    String limit = Files.readString(cgroup).strip();
                    if (limit.matches("\\d+")) {
                        mb = Math.min(mb, Long.parseLong(limit) / (1024 * 1024));
                    }
                }
                return mb;
            }
        }
        throw new IllegalStateException("no MemTotal in /proc/meminfo");
    }

    private static long heapOf(Run r) {
        Matcher m = HEAP.matcher(r.out);
        assertThat(m.find()).as("probe output: " + r.out + r.err).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static int argsOf(Run r) {
        Matcher m = HEAP.matcher(r.out);
        assertThat(m.find()).as("probe output: " + r.out + r.err).isTrue();
        return Integer.parseInt(m.group(2));
    }

    private record Run(int status, String out, String err) {
    }

    private static Run launch(String shell, String javaOpts) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c", shell)).directory(root.toFile());
        pb.environment().remove("DESCENT_JAVA_OPTS");
        pb.environment().remove("MALLOC_ARENA_MAX");
        if (javaOpts != null) {
            pb.environment().put("DESCENT_JAVA_OPTS", javaOpts);
        }
        Path out = root.resolve("out.txt");
        Path err = root.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish in 60 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
