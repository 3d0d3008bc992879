package io.descent.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Pattern;

/**
 * What an output path given by a user stands for, found before anything is written: a regular file (existing or
 * not) to replace atomically, with symbolic links followed to the file they name; something that is neither a
 * file nor a directory (a device, a fifo) to write straight through; or one of the process's own standard
 * streams. Errors name the user's path as given.
 */
record OutputTarget(Kind kind, Path user, Path path) {

    enum Kind {
        /** {@link #path} is the real path of the regular file (or the file to create) that a rename replaces. */
        REGULAR,
        /** {@link #path} is opened and written in place: a device, fifo or socket. */
        STRAIGHT,
        /** The process's standard output. */
        STANDARD_OUTPUT,
        /** The process's standard error. */
        STANDARD_ERROR
    }

    /** The name that means standard output, as in most command-line tools. */
    static final String DASH = "-";

    /** Linux caps a chain of links at 40 too (ELOOP). */
    private static final int MAX_LINKS = 40;

    // Names of the process's own descriptors 1 and 2. They are links to whatever the shell connected, often a
    // regular file (`> out.csv`); renaming over that file would take the output away from the shell's descriptor.
    private static final Pattern STDOUT = Pattern.compile("/dev/stdout|/dev/fd/1|/proc/self/fd/1");
    private static final Pattern STDERR = Pattern.compile("/dev/stderr|/dev/fd/2|/proc/self/fd/2");

    /** Finds what {@code user} stands for; fails, naming it, on a directory or a file whose directory is missing. */
    static OutputTarget of(Path user) throws IOException {
        if (user.toString().equals(DASH)) {
            return new OutputTarget(Kind.STANDARD_OUTPUT, user, user);
        }
        Path p = user.toAbsolutePath();
        for (int links = 0; ; links++) {
            OutputTarget std = standardStream(user, p);
            if (std != null) {
                return std;
            }
            if (!Files.isSymbolicLink(p)) {
                break;
            }
            if (links == MAX_LINKS) {
                throw new FileSystemException(user.toString(), null, "too many levels of symbolic links");
            }
            p = p.toAbsolutePath().getParent().resolve(Files.readSymbolicLink(p));
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return new OutputTarget(Kind.REGULAR, user, fileToCreate(user, p));
        }
        if (a.isDirectory()) {
            throw new FileSystemException(user.toString(), null, "is a directory, expected a file");
        }
        if (a.isRegularFile()) {
            return new OutputTarget(Kind.REGULAR, user, p.toRealPath());
        }
        return new OutputTarget(Kind.STRAIGHT, user, p);
    }

    private static OutputTarget standardStream(Path user, Path p) {
        String s = p.normalize().toString();
        if (STDOUT.matcher(s).matches()) {
            return new OutputTarget(Kind.STANDARD_OUTPUT, user, p);
        }
        if (STDERR.matcher(s).matches()) {
            return new OutputTarget(Kind.STANDARD_ERROR, user, p);
        }
        return null;
    }

    /** A file that does not exist yet (or a dangling link's target): its directory must. */
    private static Path fileToCreate(Path user, Path p) throws IOException {
        Path dir = p.getParent();
        if (dir == null || p.getFileName() == null) {
            throw new FileSystemException(user.toString(), null, "not a file name");
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(user.toString(), null, "directory " + dir + " does not exist");
        }
        return dir.toRealPath().resolve(p.getFileName());
    }

    /** Whether writing here can work, as far as permissions tell: an empty string if so, else the reason. */
    String unwritableReason() {
        return switch (kind) {
            case STANDARD_OUTPUT, STANDARD_ERROR -> "";
            case STRAIGHT -> DiskFaults.isWritable(path) ? "" : "not writable";
            case REGULAR -> DiskFaults.isWritable(path.getParent()) ? ""
                    : "directory " + path.getParent() + " is not writable";
        };
    }
}
