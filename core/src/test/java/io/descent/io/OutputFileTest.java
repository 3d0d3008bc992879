package io.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.descent.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFileTest {
    @TempDir
    Path dir;

    @Test
    void aRegularFileIsReplacedByTheNewContentAndNoTemporaryFileStays() throws Exception {
        Path file = dir.resolve("a.csv");
        Files.writeString(file, "old content, longer than the new");
        OutputFile.writeString(file, "new");
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(names(dir)).containsExactly("a.csv");
    }

    @Test
    void aTargetWhoseNameFillsTheFileSystemsLimitIsStillWrittenThroughATemporaryFile() throws Exception {
        String name = "é".repeat(100) + "x".repeat(50) + ".json";   // 255 bytes in UTF-8
        assertThat(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(255);
        Path file = dir.resolve(name);
        OutputFile.writeString(file, "first");
        OutputFile.writeString(file, "second");
        assertThat(Files.readString(file)).isEqualTo("second");
        assertThat(names(dir)).containsExactly(name);
        String stem = OutputFile.tempStem(name);
        assertThat(stem.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isBetween(OutputFile.TEMP_STEM_BYTES - 1, OutputFile.TEMP_STEM_BYTES);
        assertThat(name).startsWith(stem);
        assertThat(OutputFile.tempStem("a.csv")).isEqualTo("a.csv");
    }

    @Test
    void aNewFileIsCreatedReadableByOthersAsUsual() throws Exception {
        Path file = dir.resolve("new.bin");
        OutputFile.write(file, new byte[] {1, 2, 3});
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
        assertThat(Files.getPosixFilePermissions(file)).contains(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws Exception {
        Path file = dir.resolve("shared.csv");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
        OutputFile.writeString(file, "new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-rw----");
    }

    @Test
    void aWriterThrowingHalfWayLeavesTheOldFileWholeAndNoTemporaryFile() throws Exception {
        Path file = dir.resolve("model.safetensors");
        Files.writeString(file, "old");
        IOException thrown = new IOException("the writer's own failure");
        assertThatThrownBy(() -> OutputFile.write(file, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw thrown;
        })).isSameAs(thrown);
        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(names(dir)).containsExactly("model.safetensors");
    }

    @Test
    void anUncheckedFailureOfTheWriterAlsoLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("new.csv");
        assertThatThrownBy(() -> OutputFile.write(file, out -> {
            out.write(1);
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(names(dir)).isEmpty();
    }

    @Test
    void aSymlinkStaysAndTheFileItNamesIsReplaced() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real")).resolve("history.csv");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), Path.of("real", "history.csv"));
        OutputFile.writeString(link, "new");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("real", "history.csv"));
        assertThat(Files.readString(real)).isEqualTo("new");
        assertThat(names(dir.resolve("real"))).containsExactly("history.csv");
        assertThat(names(dir)).containsExactlyInAnyOrder("real", "link.csv");
    }

    @Test
    void aChainOfSymlinksIsFollowedToTheEnd() throws Exception {
        Path real = dir.resolve("real.csv");
        Files.writeString(real, "old");
        Path middle = Files.createSymbolicLink(dir.resolve("middle.csv"), real);
        Path first = Files.createSymbolicLink(dir.resolve("first.csv"), middle.getFileName());
        OutputFile.writeString(first, "new");
        assertThat(Files.isSymbolicLink(first)).isTrue();
        assertThat(Files.isSymbolicLink(middle)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("new");
    }

    @Test
    void aDanglingSymlinkGetsItsTargetCreated() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("out.csv"), Path.of("target.csv"));
        OutputFile.writeString(link, "made");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(dir.resolve("target.csv"))).isEqualTo("made");
    }

    @Test
    void aFifoIsWrittenStraightThroughAndStaysAFifo() throws Exception {
        Path fifo = dir.resolve("pipe");
        assumeTrue(mkfifo(fifo), "mkfifo is not available here");
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        OutputFile.writeString(fifo, "through the pipe\n");
        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("through the pipe\n");
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(names(dir)).containsExactly("pipe");
    }

    @Test
    void devNullTakesTheBytesAndStaysADevice() throws Exception {
        Path devNull = Path.of("/dev/null");
        OutputFile.writeString(devNull, "discarded");
        assertThat(Files.isRegularFile(devNull, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.isDirectory(devNull)).isFalse();
        assertThat(Files.exists(devNull)).isTrue();
    }

    @Test
    void devFullIsAnIoErrorNamingIt() {
        Path devFull = Path.of("/dev/full");
        assertThatThrownBy(() -> OutputFile.writeString(devFull, "x".repeat(1000)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("/dev/full: ")
                .hasMessageNotContaining(".tmp");
        assertThat(Files.isRegularFile(devFull, LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void dashAndDevStdoutGoToStandardOutput() throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            OutputFile.writeString(Path.of("-"), "to stdout\n");
            OutputFile.writeString(Path.of("/dev/stdout"), "again\n");
        } finally {
            System.setOut(saved);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("to stdout\nagain\n");
        assertThat(Files.exists(Path.of("-"))).isFalse();
    }

    @Test
    void aFailingStandardOutputIsAnError() {
        PrintStream saved = System.out;
        PrintStream broken = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }
        });
        try {
            System.setOut(broken);
            assertThatThrownBy(() -> OutputFile.writeString(Path.of("-"), "lost"))
                    .isInstanceOf(IOException.class)
                    .hasMessage("-: could not write to standard output");
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void aDirectoryIsRefusedByNameAndLeftAlone() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertThatThrownBy(() -> OutputFile.writeString(sub, "x"))
                .isInstanceOf(IOException.class)
                .hasMessage(sub + ": is a directory, expected a file");
        assertThat(Files.isDirectory(sub)).isTrue();
        assertThatThrownBy(() -> OutputFile.check(sub))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(sub + ": is a directory, expected a file");
    }

    @Test
    void aMissingDirectoryIsAnErrorNamingTheUsersPath() {
        Path file = dir.resolve("no-such-dir").resolve("out.csv");
        assertThatThrownBy(() -> OutputFile.writeString(file, "x"))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessage(file + ": directory " + file.getParent() + " does not exist");
        assertThatThrownBy(() -> OutputFile.check(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ": directory " + file.getParent() + " does not exist");
        assertThatThrownBy(() -> OutputFile.check("--csv", file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--csv: " + file + ": directory " + file.getParent() + " does not exist");
    }

    @Test
    void checkAcceptsWhatCanBeWritten() throws Exception {
        Path existing = Files.writeString(dir.resolve("old.csv"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("dangling.csv"), dir.resolve("later.csv"));
        for (Path ok : List.of(dir.resolve("new.csv"), existing, link, Path.of("-"), Path.of("/dev/null"))) {
            OutputFile.check(ok);
        }
        assertThat(names(dir)).containsExactlyInAnyOrder("old.csv", "dangling.csv");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static boolean mkfifo(Path path) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
