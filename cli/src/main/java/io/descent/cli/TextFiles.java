package io.descent.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Text files written atomically: a temporary file beside the target, then a rename, so no reader sees half a file. */
final class TextFiles {
    private TextFiles() {
    }

    static void write(Path file, String text) throws IOException {
        Path target = file.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Fails with the option's name unless {@code file} ends in .png or .svg. */
    static void checkImageName(String option, Path file) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!n.endsWith(".png") && !n.endsWith(".svg")) {
            throw new io.descent.InvalidInputException(option, "", file + ": expected a .png or .svg file");
        }
    }

    /** Fails with the option's name unless {@code file} ends in .csv. */
    static void checkCsvName(String option, Path file) {
        if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            throw new io.descent.InvalidInputException(option, "", file + ": expected a .csv file");
        }
    }
}
