package io.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFileTest {
    @TempDir
    Path dir;

    @Test
    void aRegularFileAndALinkToOneAreFine() throws Exception {
        Path f = Files.writeString(dir.resolve("a.csv"), "1,2\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), f);
        assertThat(InputFile.problem(f)).isEmpty();
        assertThat(InputFile.problem(link)).isEmpty();
    }

    @Test
    void eachKindOfNonRegularFileIsNamed() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
        assertThat(InputFile.problem(dir)).isEqualTo(dir + " is a directory");
        assertThat(InputFile.problem(fifo)).isEqualTo(fifo + " is a fifo (named pipe)");
        assertThat(InputFile.problem(Path.of("/dev/null"))).isEqualTo("/dev/null is a character device");
        assertThat(InputFile.problem(Path.of("-"))).contains("standard input");
        assertThat(InputFile.problem(dir.resolve("absent"))).startsWith("no such file: ");
    }

    @Test
    void requireRegularNamesTheSourceAndWhatWasExpected() {
        assertThatThrownBy(() -> InputFile.requireRegular("--load", dir, "a model file"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--load: " + dir + " is a directory, expected a model file");
    }

    @Test
    void safeTensorsRefusesAFifoInsteadOfBlockingOnIt() throws Exception {
        Path fifo = dir.resolve("model.safetensors");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
        assertThatThrownBy(() -> SafeTensors.read(fifo)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is a fifo");
    }

    @Test
    void anInjectedFullDiskFailsTheWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path file = Files.writeString(dir.resolve("m.safetensors"), "old");
        DiskFaults.inject(dir, DiskFaults.Fault.FULL);
        try {
            assertThatThrownBy(() -> OutputFile.writeString(file, "new")).hasMessage(file + ": No space left on device");
        } finally {
            DiskFaults.clear();
        }
        assertThat(Files.readString(file)).isEqualTo("old");
        try (var s = Files.list(dir)) {
            assertThat(s.map(f -> f.getFileName().toString())).containsExactly("m.safetensors");
        }
    }

    @Test
    void anInjectedReadOnlyDiskFailsTheCheckAndTheWrite() throws Exception {
        Path file = dir.resolve("out.csv");
        DiskFaults.inject(dir, DiskFaults.Fault.READ_ONLY);
        try {
            assertThatThrownBy(() -> OutputFile.check("--csv", file)).hasMessageContaining("is not writable");
            assertThatThrownBy(() -> OutputFile.writeString(file, "x")).hasMessageContaining("Read-only file system")
                    .hasMessageNotContaining(".tmp");
        } finally {
            DiskFaults.clear();
        }
        assertThat(file).doesNotExist();
    }
}
