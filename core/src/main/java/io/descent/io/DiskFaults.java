package io.descent.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A seam for fault-injection tests on machines where a test cannot mount a full or read-only file system:
 * pretends that the disk under one directory is full (writes fail with "No space left on device", as ENOSPC
 * does) or read-only (nothing can be created there, as EROFS). {@link OutputFile} and the commands' output
 * checks ask it; with nothing injected, which is always the case outside tests, it changes nothing.
 */
public final class DiskFaults {

    /** What the disk under the directory does. */
    public enum Fault {
        FULL("No space left on device"),
        READ_ONLY("Read-only file system");

        private final String reason;

        Fault(String reason) {
            this.reason = reason;
        }
    }

    private record Injected(Path dir, Fault fault) {
    }

    private static volatile Injected injected;

    private DiskFaults() {
    }

    /** From now on, files under {@code dir} behave as on a disk with {@code fault}, until {@link #clear}. */
    public static void inject(Path dir, Fault fault) {
        injected = new Injected(dir.toAbsolutePath().normalize(), fault);
    }

    public static void clear() {
        injected = null;
    }

    /** {@link Files#isWritable}, false too under an injected read-only directory. */
    public static boolean isWritable(Path path) {
        return faultAt(path) != Fault.READ_ONLY && Files.isWritable(path);
    }

    /** Fails as the disk would when creating {@code file} under a read-only directory. */
    static void beforeCreate(Path file) throws IOException {
        if (faultAt(file) == Fault.READ_ONLY) {
            throw new FileSystemException(file.toString(), null, Fault.READ_ONLY.reason);
        }
    }

    /** Fails as the disk would when writing to {@code file} under a full directory. */
    static void beforeWrite(Path file) throws IOException {
        if (faultAt(file) == Fault.FULL) {
            throw new IOException(Fault.FULL.reason);
        }
    }

    private static Fault faultAt(Path path) {
        Injected i = injected;
        return i != null && path.toAbsolutePath().normalize().startsWith(i.dir) ? i.fault : null;
    }
}
