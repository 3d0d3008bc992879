package io.descent.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@code descent} in a JVM of its own, on this test run's class path, as a user's shell would. */
final class ChildJvm {
    private ChildJvm() {
    }

    /** Surefire runs tests from a manifest-only jar; it also passes the real class path in this property. */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isEmpty() ? cp : System.getProperty("java.class.path");
    }

    /**
     * Starts {@code descent args...} with the given maximum heap, standard output and error going to
     * {@code out} and {@code err}.
     */
    static Process start(String heap, Path out, Path err, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-Djava.awt.headless=true", "-cp", classPath(),
                Descent.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }
}
