package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command under spark-submit, as a cluster runs it: Spark's jars on the class path log4j starts from (no
 * {@code log4j2.properties} of ours there, so Spark's default is INFO), Descent's classes in the jars spark-submit
 * adds ({@code --jars} here, the application jar on a cluster). The run logs at WARN unless spark.log.level says
 * otherwise (before SparkSessions set the level, this harness saw some 300 INFO lines, from "Running Spark
 * version" on).
 */
@Order(1)
class SparkSubmitLogLevelTest {
    @TempDir
    Path dir;

    @Test
    void aRunUnderSparkSubmitLogsAtWarn() throws Exception {
        Run r = submit();
        assertThat(r.status).as(r.err).isZero();
        assertThat(r.out).containsPattern("test accuracy \\d");
        assertThat(r.err.lines().filter(l -> l.contains(" INFO ")).toList()).as(r.err).isEmpty();
    }

    private record Run(int status, String out, String err) {
    }

    private Run submit() throws Exception {
        List<String> spark = new ArrayList<>();
        List<String> descent = new ArrayList<>();
        int n = 0;
        for (String entry : LocalClusterHome.classPath()) {
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(p)) {
                descent.add(jar(p, dir.resolve("classes-" + n++ + ".jar")).toString()); // --jars takes jars
            } else if (p.toString().contains(File.separator + "io" + File.separator + "descent" + File.separator)) {
                descent.add(p.toString());
            } else {
                spark.add(p.toString());
            }
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        cmd.addAll(JvmFlags.moduleFlags());
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, spark), "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[1]", "--class", "io.descent.cli.Descent", "--jars", String.join(",", descent)));
        cmd.addAll(List.of("spark-internal", "train", "--data", "blobs(n=200, classes=2)", "--model", "linear",
                "--epochs", "1", "--batch-size", "50", "--partitions", "1"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("SPARK_HOME");
        pb.environment().remove("SPARK_CONF_DIR");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("spark-submit did not finish in 120 s: " + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Path jar(Path classes, Path jar) throws IOException {
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, j);
                j.closeEntry();
            }
        }
        return jar;
    }
}
