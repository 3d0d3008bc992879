package io.descent.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Spark home a standalone Worker launches executor JVMs from, made from this JVM's class path: Spark's
 * launcher puts {@code SPARK_HOME/jars/*} on an executor's class path, so {@code jars/} links every jar of ours,
 * and it takes the Scala version from {@code launcher/target/scala-2.13} when {@code SPARK_SCALA_VERSION} is
 * unset. The class path's directories (compiled classes in a build) cannot be linked into {@code jars/}: they
 * reach the executors through {@code spark.executor.extraClassPath} ({@link #classDirectories()}).
 *
 * <p>One home per class path, under {@code java.io.tmpdir}, made once: it is built in a directory of its own and
 * renamed into place, so two runs that race both end up with a complete home.
 */
final class LocalClusterHome {
    private LocalClusterHome() {
    }

    /** The home for this JVM's class path, made if missing. */
    static Path prepare() {
        List<Path> jars = new ArrayList<>();
        for (String entry : classPath()) {
            Path p = Path.of(entry).toAbsolutePath().normalize();
            if (p.toString().endsWith(".jar") && Files.isRegularFile(p)) {
                jars.add(p);
            }
        }
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "descent-spark-home-" + digest(jars));
        if (Files.isDirectory(home.resolve("jars"))) {
            return home;
        }
        try {
            Path draft = Files.createTempDirectory(home.getParent(), home.getFileName() + ".draft-");
            Path jarDir = Files.createDirectories(draft.resolve("jars"));
            Files.createDirectories(draft.resolve("launcher/target/scala-2.13"));
            for (Path jar : jars) {
                Path link = jarDir.resolve(jar.getFileName());
                if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) { // two jars of one name: the first wins, as on a class path
                    Files.createSymbolicLink(link, jar);
                }
            }
            try {
                Files.move(draft, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
                deleteTree(draft); // another run made it first
            }
            if (!Files.isDirectory(home.resolve("jars"))) {
                throw new IOException(home + " has no jars/ directory after it was made");
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the Spark home for executor JVMs under "
                    + home.getParent() + ": " + e.getMessage(), e);
        }
    }

    /** The directories of this JVM's class path, absolute, for {@code spark.executor.extraClassPath}. */
    static List<String> classDirectories() {
        List<String> dirs = new ArrayList<>();
        for (String entry : classPath()) {
            Path p = Path.of(entry).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                dirs.add(p.toString());
            }
        }
        return dirs;
    }

    /** This JVM's class path (under surefire the test class path, not the booter jar's). */
    static List<String> classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(e);
            }
        }
        return entries;
    }

    private static String digest(List<Path> jars) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path jar : jars) {
                md.update(jar.toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
