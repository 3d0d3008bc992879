package io.descent.io;

import io.descent.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Checks that an input a user named is a regular file before it is opened. Opening a fifo for reading blocks
 * until someone writes to it (for ever, usually), a directory fails with the platform's bare "Is a directory",
 * and a device streams without end: each is refused here with what it is and what was expected instead.
 */
public final class InputFile {
    // The file-type bits of st_mode (sys/stat.h), read through the "unix:mode" attribute.
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private InputFile() {
    }

    /**
     * Fails unless {@code path} is a regular file (symbolic links followed).
     *
     * @param source   the option or file the path came from, the error's first word, e.g. {@code "--load"}
     * @param expected what the path should name, e.g. {@code "a model file written by descent train"}
     * @throws InvalidInputException naming {@code source} and {@code path}, what it is and {@code expected}
     */
    public static void requireRegular(String source, Path path, String expected) {
        String problem = problem(path);
        if (!problem.isEmpty()) {
            throw new InvalidInputException(source, "", problem + ", expected " + expected);
        }
    }

    /** What is wrong with {@code path} as an input file, e.g. "/tmp/x is a directory"; empty if nothing. */
    public static String problem(Path path) {
        if (path.toString().equals(OutputTarget.DASH)) {
            return "'-' (standard input) cannot be read here";
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return "no such file: " + path.toAbsolutePath();
        }
        if (a.isRegularFile()) {
            return "";
        }
        return path + " is " + (a.isDirectory() ? "a directory" : special(path));
    }

    /** A fifo, a device or a socket, in words. */
    private static String special(Path path) {
        try {
            int type = (Integer) Files.getAttribute(path, "unix:mode") & S_IFMT;
            return switch (type) {
                case S_IFIFO -> "a fifo (named pipe)";
                case S_IFCHR -> "a character device";
                case S_IFBLK -> "a block device";
                case S_IFSOCK -> "a socket";
                default -> "not a regular file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "not a regular file"; // no "unix" attribute view on this platform
        }
    }
}
