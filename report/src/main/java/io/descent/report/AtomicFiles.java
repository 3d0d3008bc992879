package io.descent.report;

import io.descent.io.OutputFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a report file, creating its directory if needed, as {@link OutputFile} writes: readers see either the old
 * file or the whole new one, never a part; a device or fifo is written straight through.
 */
final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes {@code target} from {@code content}, creating its directory if needed. */
    static void write(Path target, OutputFile.Content content) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        OutputFile.write(target, content);
    }
}
