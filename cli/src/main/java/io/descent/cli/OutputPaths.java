package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.io.DiskFaults;
import io.descent.io.OutputFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checks every command makes on its output options before it loads data or trains: a typo in an output
 * path, a directory where a file goes, a read-only disk is reported at once, naming the option and the path as
 * the user gave it, and never after hours of training. (A disk that fills up meanwhile still fails at the
 * write; {@link OutputFile} then leaves the old file whole.)
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /** A file whose directory must exist: a model, a history, a CSV; or a device, fifo or {@code -}. */
    static void file(String option, Path file) {
        if (file != null) {
            OutputFile.check(option, file);
        }
    }

    /** A file whose missing directories are created when it is written, as charts are. */
    static void fileInNewDirectories(String option, Path file) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || Files.isDirectory(dir)) {
            OutputFile.check(option, file);
        } else {
            creatable(option, file, dir);
        }
    }

    /** A directory that is written into, created (with its parents) when missing. */
    static void directory(String option, Path dir) {
        if (dir == null) {
            return;
        }
        if (Files.isDirectory(dir)) {
            if (!DiskFaults.isWritable(dir)) {
                throw new InvalidInputException(option, "", dir + ": the directory is not writable");
            }
        } else if (Files.exists(dir)) {
            throw new InvalidInputException(option, "", dir + ": is not a directory, expected a directory (or a name "
                    + "for a new one)");
        } else {
            creatable(option, dir, dir);
        }
    }

    /** {@code missing} can be created: its nearest existing ancestor is a writable directory. */
    private static void creatable(String option, Path user, Path missing) {
        Path a = missing.toAbsolutePath();
        while (a != null && !Files.exists(a)) {
            a = a.getParent();
        }
        if (a == null || !Files.isDirectory(a)) {
            throw new InvalidInputException(option, "", user + ": cannot create it, " + a + " is not a directory");
        }
        if (!DiskFaults.isWritable(a)) {
            throw new InvalidInputException(option, "", user + ": cannot create it, the directory " + a
                    + " is not writable");
        }
    }
}
