package io.descent.io;

import io.descent.InvalidInputException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes an output a user named, so that nothing is lost or half-written and nothing but the output changes:
 * <ul>
 *   <li>a regular file, or one that does not exist yet: the bytes go to a temporary file {@code .NAME.RANDOM.tmp}
 *       in the same directory, are forced to disk, and the temporary file is renamed over the target, so readers
 *       see the old file or the whole new one; the temporary file is removed if anything fails;</li>
 *   <li>a symbolic link: followed, and the file it names replaced that way; the link stays (a dangling link's
 *       target is created);</li>
 *   <li>a device or fifo (anything that exists and is neither a file nor a directory): opened and written in
 *       place, never replaced by a file;</li>
 *   <li>{@code -}, {@code /dev/stdout}: standard output ({@code /dev/stderr}: standard error), flushed;</li>
 *   <li>a directory: refused.</li>
 * </ul>
 * A write that fails, on any of them, is an {@link IOException} whose message names the path as the user gave
 * it, never the temporary file. {@link #check} tells before a long computation whether its output can be written.
 */
public final class OutputFile {

    /** What writes the content; it may close the stream or not, and exceptions it throws pass unchanged. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final int BUFFER = 1 << 16;

    private OutputFile() {
    }

    /** Writes {@code text} as UTF-8. */
    public static void writeString(Path path, String text) throws IOException {
        write(path, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path path, byte[] bytes) throws IOException {
        write(path, out -> out.write(bytes));
    }

    /** Writes what {@code content} writes; see the class comment for what happens at each kind of path. */
    public static void write(Path path, Content content) throws IOException {
        OutputTarget target;
        try {
            target = OutputTarget.of(path);
        } catch (IOException e) {
            throw named(path, e);
        }
        switch (target.kind()) {
            case REGULAR -> replace(path, target.path(), content);
            case STRAIGHT -> writeInPlace(path, target.path(), content);
            case STANDARD_OUTPUT -> writeStandard(path, System.out, "standard output", content);
            case STANDARD_ERROR -> writeStandard(path, System.err, "standard error", content);
        }
    }

    /**
     * Fails unless {@code path} can be written: a file in an existing writable directory, a writable device or
     * fifo, or {@code -}; never a directory. Commands call it before the work starts, so that a typo in an output
     * path costs nothing.
     *
     * @throws InvalidInputException naming {@code path} and what is wrong
     */
    public static void check(Path path) {
        String problem = problem(path);
        if (!problem.isEmpty()) {
            throw new InvalidInputException(path.toString(), "", problem);
        }
    }

    /** As {@link #check(Path)}, the error naming the command-line option too. */
    public static void check(String option, Path path) {
        String problem = problem(path);
        if (!problem.isEmpty()) {
            throw new InvalidInputException(option, "", path + ": " + problem);
        }
    }

    /**
     * Whether {@code path} stands for a file (existing or not, through links) rather than a standard stream, a
     * device or a fifo: only a file's name says what its content should be, e.g. by its extension.
     */
    public static boolean isFile(Path path) {
        try {
            return OutputTarget.of(path).kind() == OutputTarget.Kind.REGULAR;
        } catch (IOException e) {
            return true; // a directory or a missing one: check() says what is wrong
        }
    }

    /** Why {@code path} cannot be written, or an empty string. */
    private static String problem(Path path) {
        try {
            return OutputTarget.of(path).unwritableReason();
        } catch (IOException e) {
            return reason(e);
        }
    }

    // ---------------------------------------------------------------- the three ways of writing

    /** Longest stem of a temporary name, in UTF-8 bytes: with ".", "." + 16 hex digits and ".tmp" (22 more) it fits 255. */
    static final int TEMP_STEM_BYTES = 233;

    /**
     * The target's name, cut at a character boundary to {@value #TEMP_STEM_BYTES} bytes: a target whose name is near
     * the file system's 255 bytes still gets a temporary file beside it.
     */
    static String tempStem(String name) {
        int end = name.length();
        while (name.substring(0, end).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > TEMP_STEM_BYTES) {
            end = name.offsetByCodePoints(end, -1);
        }
        return name.substring(0, end);
    }

    private static void replace(Path user, Path target, Content content) throws IOException {
        Path dir = target.getParent();
        Path temp = dir.resolve("." + tempStem(target.getFileName().toString()) + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        boolean moved = false;
        try {
            FileChannel channel = open(user, temp);
            try {
                keepPermissions(user, target, temp);
                OutputStream out = new BufferedOutputStream(new UserStream(Channels.newOutputStream(channel), user, temp),
                        BUFFER);
                content.writeTo(out);
                out.flush();
                force(user, channel);
            } catch (Throwable t) {
                closeAfterFailure(channel, t);
                throw t;
            }
            close(user, channel);
            move(user, temp, target);
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                deleteAfterFailure(temp);
            }
        }
    }

    private static void writeInPlace(Path user, Path target, Content content) throws IOException {
        // No TRUNCATE_EXISTING or CREATE: a device or fifo takes the bytes as they come and is never replaced.
        OutputStream raw;
        try {
            raw = Files.newOutputStream(target, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw named(user, e);
        }
        try {
            OutputStream out = new BufferedOutputStream(new UserStream(raw, user, target), BUFFER);
            content.writeTo(out);
            out.flush();
        } catch (Throwable t) {
            closeAfterFailure(raw, t);
            throw t;
        }
        close(user, raw);
    }

    private static void writeStandard(Path user, PrintStream stream, String name, Content content)
            throws IOException {
        // A PrintStream never throws: it keeps a flag that checkError() flushes and reads.
        OutputStream out = new BufferedOutputStream(new UserStream(stream, user, null), BUFFER);
        content.writeTo(out);
        out.flush();
        if (stream.checkError()) {
            throw new IOException(user + ": could not write to " + name);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static FileChannel open(Path user, Path temp) throws IOException {
        try {
            DiskFaults.beforeCreate(temp);
            return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw named(user, e);
        }
    }

    /** A replaced file keeps its mode; a new one gets the usual mode for new files (0666 less the umask). */
    private static void keepPermissions(Path user, Path target, Path temp) throws IOException {
        try {
            if (Files.isRegularFile(target) && Files.getFileStore(temp).supportsFileAttributeView(
                    PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
            }
        } catch (IOException e) {
            throw named(user, e);
        }
    }

    private static void force(Path user, FileChannel channel) throws IOException {
        try {
            channel.force(true);
        } catch (IOException e) {
            throw named(user, e);
        }
    }

    private static void close(Path user, AutoCloseable stream) throws IOException {
        try {
            stream.close();
        } catch (IOException e) {
            throw named(user, e);
        } catch (Exception e) {
            throw new IOException(user + ": " + e, e);
        }
    }

    /** Closes after {@code failure}, which stays the exception to report. */
    private static void closeAfterFailure(AutoCloseable stream, Throwable failure) {
        try {
            stream.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    private static void deleteAfterFailure(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // the failure that brought us here is the one to report; the temporary file is a hidden one
        }
    }

    private static void move(Path user, Path temp, Path target) throws IOException {
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw named(user, e);
        }
    }

    /** Forces the rename itself to disk where the platform allows it (Linux does; others may refuse). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not supported here: the rename is still atomic, only its durability waits for the OS
        }
    }

    /** {@code e} restated with the user's path instead of whatever file the platform named. */
    static IOException named(Path user, IOException e) {
        if (e instanceof FileSystemException f && user.toString().equals(f.getFile()) && f.getOtherFile() == null) {
            return e;
        }
        String reason = reason(e);
        if (e instanceof NoSuchFileException) {
            NoSuchFileException n = new NoSuchFileException(user.toString(), null, reason);
            n.initCause(e);
            return n;
        }
        return new IOException(user + ": " + reason, e);
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            if (f.getReason() != null) {
                return f.getReason();
            }
            return switch (e.getClass().getSimpleName()) {
                case "AccessDeniedException" -> "permission denied";
                case "NoSuchFileException" -> "no such file or directory";
                case "FileAlreadyExistsException" -> "a temporary file of the same name exists";
                default -> e.getClass().getSimpleName();
            };
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
