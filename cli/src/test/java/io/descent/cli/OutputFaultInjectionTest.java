package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every output option of every command, written to what a user may name: a symlink, a dangling one, a fifo, a
 * directory, {@code /dev/full}, {@code -} and {@code /dev/stdout}, a missing directory, a full disk and a
 * read-only one (real tmpfs mounts where allowed, the {@link io.descent.io.DiskFaults} seam elsewhere). What must
 * hold: a path that cannot be written is refused before any work, naming the option and the user's path (status
 * 2); a write that fails is one line naming the user's path (status 1), never "internal error" or a temporary
 * file, and the old file stays whole; a symlink, fifo or device stays what it was.
 */
class OutputFaultInjectionTest {
    private static final String OLD = "the old content, which a failed write must leave whole";
    private static final String[] TRAIN = {"--data", "moons(n=120)", "--model", "mlp(4)", "--batch-size", "32"};

    @TempDir
    static Path scratch;

    enum Kind { FILE, IMAGE, DIRECTORY }

    /** An output option: how to run its command with the path, and a line its command prints once working. */
    record Output(String name, Kind kind, String fileName, String workMarker, Function<Path, String[]> args) {
        @Override
        public String toString() {
            return name;
        }

        String option() {
            return name.substring(name.indexOf(' ') + 1);
        }

        String[] argsFor(Path p) {
            return args.apply(p);
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static String[] train(String... more) {
        return concat(concat(new String[] {"train"}, TRAIN), concat(new String[] {"--epochs", "1"}, more));
    }

    private static String[] toy(String... more) {
        return concat(new String[] {"toy", "--function", "beale", "--optimizer", "sgd(lr=0.01)", "--start", "1,1",
            "--steps", "20"}, more);
    }

    private static String[] compare(String... more) {
        return concat(concat(new String[] {"compare"}, TRAIN), concat(new String[] {"--optimizer", "sgd", "--epochs",
            "1"}, more));
    }

    private static String[] lrFind(String... more) {
        return concat(concat(new String[] {"lr-find"}, TRAIN), concat(new String[] {"--steps", "10"}, more));
    }

    private static String[] tune(String... more) {
        return concat(concat(new String[] {"tune"}, TRAIN), concat(new String[] {"--optimizer", "sgd", "--grid",
            "lr=0.1", "--epochs", "1"}, more));
    }

    static List<Output> all() {
        String model = scratch.resolve("scratch-model.safetensors").toString();
        return List.of(
                new Output("train --save", Kind.FILE, "model.safetensors", "descent train:",
                        p -> train("--save", p.toString())),
                new Output("train --history", Kind.FILE, "history.csv", "descent train:",
                        p -> train("--save", model, "--history", p.toString())),
                new Output("train --checkpoint-dir", Kind.DIRECTORY, "ck", "descent train:",
                        p -> train("--save", model, "--checkpoint-dir", p.toString())),
                new Output("toy --csv", Kind.FILE, "paths.csv", " steps (", p -> toy("--csv", p.toString())),
                new Output("toy --plot", Kind.IMAGE, "paths.svg", " steps (", p -> toy("--plot", p.toString())),
                new Output("compare --csv", Kind.FILE, "runs.csv", "descent compare:",
                        p -> compare("--csv", p.toString())),
                new Output("compare --plot", Kind.IMAGE, "runs.svg", "descent compare:",
                        p -> compare("--plot", p.toString())),
                new Output("lr-find --csv", Kind.FILE, "lr.csv", "descent lr-find:", p -> lrFind("--csv", p.toString())),
                new Output("lr-find --plot", Kind.IMAGE, "lr.svg", "descent lr-find:",
                        p -> lrFind("--plot", p.toString())),
                new Output("tune --csv", Kind.FILE, "tune.csv", "descent tune:", p -> tune("--csv", p.toString())),
                new Output("report --out", Kind.DIRECTORY, "report", "wrote ",
                        p -> new String[] {"report", "--quick", "--without-fashion-mnist", "--out", p.toString()}));
    }

    static Stream<Output> files() {
        return all().stream().filter(o -> o.kind() != Kind.DIRECTORY);
    }

    static Stream<Output> textFiles() {
        return all().stream().filter(o -> o.kind() == Kind.FILE);
    }

    static Stream<Output> csvFiles() {
        return textFiles().filter(o -> o.fileName().endsWith(".csv") && !o.name().startsWith("train"));
    }

    /** All but the report, whose experiments take too long for a test that lets it work until the disk fails. */
    static Stream<Output> working() {
        return all().stream().filter(o -> !o.name().startsWith("report"));
    }

    @BeforeAll
    static void warm() {
        assertThat(CliTestSupport.run(train("--save", scratch.resolve("warm.safetensors").toString())).status()).isZero();
    }

    private static Path fresh(String name) throws IOException {
        return Files.createTempDirectory(scratch, name.replace(' ', '_').replace("-", ""));
    }

    private static List<String> errorLines(CliTestSupport.Result r) {
        return Arrays.stream(r.err().split("\n")).filter(l -> !l.isBlank() && !l.startsWith("descent: note:")).toList();
    }

    /** Status {@code status} and exactly one error line, which contains every one of {@code says}. */
    private static String oneLine(Output o, CliTestSupport.Result r, int status, String... says) {
        assertThat(r.status()).as(o + ": " + r.err()).isEqualTo(status);
        List<String> lines = errorLines(r);
        assertThat(lines).as(o + " printed").hasSize(1);
        assertThat(lines.get(0)).startsWith("descent: ").contains(says).doesNotContain("internal error")
                .doesNotContain(".tmp").doesNotContain("Exception");
        return lines.get(0);
    }

    /** Refused before the command loaded data or trained: it never printed the line that work had started. */
    private static void refusedBeforeWork(Output o, CliTestSupport.Result r) {
        assertThat(r.out()).as(o + " started working before the refusal").doesNotContain(o.workMarker());
    }

    // ---------------------------------------------------------------- refused before any work

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void aDirectoryWhereAFileGoesIsRefusedBeforeWork(Output o) throws IOException {
        Path d = Files.createDirectories(fresh(o.name()).resolve(o.fileName()));
        CliTestSupport.Result r = CliTestSupport.run(o.argsFor(d));
        oneLine(o, r, Descent.USER_ERROR, o.option(), d.toString(), "directory");
        refusedBeforeWork(o, r);
        assertThat(d).isEmptyDirectory();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textFiles")
    void aFileInAMissingDirectoryIsRefusedBeforeWork(Output o) throws IOException {
        Path p = fresh(o.name()).resolve("missing").resolve(o.fileName());
        CliTestSupport.Result r = CliTestSupport.run(o.argsFor(p));
        oneLine(o, r, Descent.USER_ERROR, o.option(), p.toString(), "does not exist");
        refusedBeforeWork(o, r);
    }

    /** Each output on a mounted disk where this machine allows it, and through the seam, which CI may need. */
    static Stream<Arguments> allOnBothDisks() {
        return all().stream().flatMap(o -> Stream.of(Arguments.of(o, false), Arguments.of(o, true)));
    }

    static Stream<Arguments> workingOnBothDisks() {
        return working().flatMap(o -> Stream.of(Arguments.of(o, false), Arguments.of(o, true)));
    }

    @ParameterizedTest(name = "{0}, seam {1}")
    @MethodSource("allOnBothDisks")
    void aReadOnlyDiskIsRefusedBeforeWorkAndItsFileStays(Output o, boolean seam) throws IOException {
        boolean dir = o.kind() == Kind.DIRECTORY;
        try (FaultyDisk disk = FaultyDisk.readOnly(fresh(o.name()), dir ? null : o.fileName(), OLD, seam)) {
            Path p = disk.dir.resolve(o.fileName());
            CliTestSupport.Result r = CliTestSupport.run(o.argsFor(p));
            oneLine(o, r, Descent.USER_ERROR, o.option(), "not writable");
            refusedBeforeWork(o, r);
            if (!dir) {
                assertThat(Files.readString(p)).isEqualTo(OLD);
            }
            assertThat(disk.names()).containsExactlyElementsOf(dir ? List.of() : List.of(o.fileName()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void aRegularFileWhereADirectoryGoesIsRefusedBeforeWork(Output o) throws IOException {
        if (o.kind() != Kind.DIRECTORY) {
            // a file option given a path under a regular file: its "directory" is a file
            Path file = Files.writeString(fresh(o.name()).resolve("plain"), OLD);
            Path p = file.resolve(o.fileName());
            CliTestSupport.Result r = CliTestSupport.run(o.argsFor(p));
            assertThat(r.status()).as(o + ": " + r.err()).isEqualTo(Descent.USER_ERROR);
            assertThat(errorLines(r)).hasSize(1).allMatch(l -> l.contains(o.option()) && l.contains(p.toString()));
            refusedBeforeWork(o, r);
            assertThat(Files.readString(file)).isEqualTo(OLD);
            return;
        }
        Path p = Files.writeString(fresh(o.name()).resolve(o.fileName()), OLD);
        CliTestSupport.Result r = CliTestSupport.run(o.argsFor(p));
        oneLine(o, r, Descent.USER_ERROR, o.option(), p.toString(), "expected a directory");
        refusedBeforeWork(o, r);
        assertThat(Files.readString(p)).isEqualTo(OLD);
    }

    // ---------------------------------------------------------------- a write that fails

    @ParameterizedTest(name = "{0}, seam {1}")
    @MethodSource("workingOnBothDisks")
    void aFullDiskIsOneIoErrorNamingTheUsersPathAndTheOldFileStaysWhole(Output o, boolean seam) throws IOException {
        boolean dir = o.kind() == Kind.DIRECTORY;
        try (FaultyDisk disk = FaultyDisk.full(fresh(o.name()), dir ? null : o.fileName(), OLD, seam)) {
            Path p = disk.dir.resolve(o.fileName());
            CliTestSupport.Result r = CliTestSupport.run(o.argsFor(p));
            oneLine(o, r, 1, p.toString(), "No space left on device");
            if (!dir) {
                assertThat(Files.readString(p)).as("the old file after a failed write").isEqualTo(OLD);
                assertThat(disk.names()).as("temporary files left").containsExactly(o.fileName());
            } else {
                try (var s = Files.list(p)) {
                    assertThat(s.map(f -> f.getFileName().toString())).as("temporary files left")
                            .noneMatch(n -> n.endsWith(".tmp"));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textFiles")
    void devFullIsOneIoErrorAndStaysADevice(Output o) {
        Path full = Path.of("/dev/full");
        CliTestSupport.Result r = CliTestSupport.run(o.argsFor(full));
        oneLine(o, r, 1, "/dev/full", "No space left on device");
        assertThat(Files.isRegularFile(full, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(full, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    // ---------------------------------------------------------------- special files that work

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void aSymlinkStaysAndTheFileItNamesIsReplaced(Output o) throws IOException {
        Path d = fresh(o.name());
        Path real = Files.writeString(d.resolve("real-" + o.fileName()), OLD);
        Path link = Files.createSymbolicLink(d.resolve(o.fileName()), real.getFileName());
        CliTestSupport.Result r = CliTestSupport.run(o.argsFor(link));
        assertThat(r.status()).as(o + ": " + r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).as("the link").isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(real.getFileName());
        assertThat(Files.size(real)).isPositive();
        assertThat(Files.readAllBytes(real)).isNotEqualTo(OLD.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void aDanglingSymlinkGetsItsTargetCreated(Output o) throws IOException {
        Path d = fresh(o.name());
        Path link = Files.createSymbolicLink(d.resolve(o.fileName()), Path.of("target-" + o.fileName()));
        CliTestSupport.Result r = CliTestSupport.run(o.argsFor(link));
        assertThat(r.status()).as(o + ": " + r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.size(d.resolve("target-" + o.fileName()))).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void aFifoIsWrittenStraightThroughAndStaysAFifo(Output o) throws Exception {
        Path fifo = fresh(o.name()).resolve(o.fileName());
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0).as("mkfifo").isTrue();
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        CliTestSupport.Result r = CliTestSupport.run(o.argsFor(fifo));
        if (!read.isDone()) {
            // the command failed before opening it, or the reader is finishing: a read-write open never blocks
            // on a fifo, lets a waiting reader's open return, and its close ends that reader
            try (var unblock = java.nio.channels.FileChannel.open(fifo, java.nio.file.StandardOpenOption.READ,
                    java.nio.file.StandardOpenOption.WRITE)) {
                assertThat(unblock.isOpen()).isTrue();
            }
        }
        byte[] bytes = read.get(30, TimeUnit.SECONDS);
        assertThat(r.status()).as(o + ": " + r.err()).isZero();
        assertThat(bytes).isNotEmpty();
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("csvFiles")
    void dashAndDevStdoutWriteTheCsvToStandardOutput(Output o) {
        for (String name : List.of("-", "/dev/stdout")) {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream saved = System.out;
            CliTestSupport.Result r;
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                r = CliTestSupport.run(o.argsFor(Path.of(name)));
            } finally {
                System.setOut(saved);
            }
            assertThat(r.status()).as(o + " " + name + ": " + r.err()).isZero();
            assertThat(captured.toString(StandardCharsets.UTF_8)).as(o + " " + name).contains(",").contains("\n");
        }
        assertThat(Files.isSymbolicLink(Path.of("/dev/stdout"))).isTrue();
    }

    // ---------------------------------------------------------------- standard output that cannot be written

    /** A stream that fails as /dev/full does. */
    private static final class FullStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            throw new IOException("No space left on device");
        }
    }

    @Test
    void aCommandWhoseStandardOutputFailsExitsOneWithOneLine() throws IOException {
        Path model = scratch.resolve("for-stdout.safetensors");
        assertThat(CliTestSupport.run(train("--save", model.toString())).status()).isZero();
        Path input = Files.writeString(scratch.resolve("features.csv"), "x,y\n0.5,0.25\n-1,1\n");
        List<String[]> commands = new ArrayList<>(List.of(
                new String[] {"predict", "--load", model.toString(), "--input", input.toString()},
                new String[] {"eval", "--load", model.toString(), "--data", "moons(n=120)"},
                train("--save", scratch.resolve("stdout-full.safetensors").toString())));
        for (String[] args : commands) {
            StringWriter err = new StringWriter();
            int status = Descent.run(args, new PrintWriter(new FullStream(), true), new PrintWriter(err, true),
                    () -> new IOException("No space left on device"));
            List<String> lines = Arrays.stream(err.toString().split("\n"))
                    .filter(l -> !l.isBlank() && !l.startsWith("descent: note:")).toList();
            assertThat(status).as(args[0] + ": " + err).isEqualTo(1);
            assertThat(lines).as(args[0]).containsExactly(
                    "descent: could not write to standard output: No space left on device");
        }
    }

    @Test
    void inItsOwnProcessPredictIntoDevFullExitsOneSayingWhy() throws Exception {
        Path model = scratch.resolve("child.safetensors");
        assertThat(CliTestSupport.run(train("--save", model.toString())).status()).isZero();
        Path input = Files.writeString(scratch.resolve("child.csv"), "x,y\n0.5,0.25\n");
        Path err = scratch.resolve("child.err");
        Process p = ChildJvm.start("256m", Path.of("/dev/full"), err, "predict", "--load", model.toString(), "--input",
                input.toString());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(err)).isEqualTo(1);
        assertThat(Files.readString(err)).contains("descent: could not write to standard output: No space left on device");
    }
}
