package io.descent.cli;

import io.descent.io.OutputFile;
import java.io.IOException;
import java.nio.file.Path;

/** The commands' text outputs, written by {@link OutputFile}: a whole file, or a device straight through. */
final class TextFiles {
    private TextFiles() {
    }

    static void write(Path file, String text) throws IOException {
        OutputFile.writeString(file, text);
    }

    /** Fails with the option's name unless {@code file} ends in .png or .svg. */
    static void checkImageName(String option, Path file) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!n.endsWith(".png") && !n.endsWith(".svg")) {
            throw new io.descent.InvalidInputException(option, "", file + ": expected a .png or .svg file");
        }
    }

    /**
     * Fails with the option's name unless {@code file} can be written and ends in .csv; standard output
     * ({@code -}), a device or a fifo has no name to check.
     */
    static void checkCsvName(String option, Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (OutputFile.isFile(file) && !name.endsWith(".csv")) {
            throw new io.descent.InvalidInputException(option, "", file + ": expected a .csv file");
        }
        OutputFile.check(option, file);
    }
}
