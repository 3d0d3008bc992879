package io.descent.train;

import io.descent.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One run at a time in a checkpoint directory: an OS lock ({@link FileChannel#tryLock}) on {@value #FILE} in it,
 * held until {@link #close} or the process ends (a SIGKILLed holder's lock goes with it). A second run on the same
 * directory fails at once, naming the directory and the holder's process id. Taking the lock also deletes what a
 * killed run left half-written there: the temporary files {@code .last.safetensors.*.tmp} and the like of its
 * atomic checkpoint writes (nobody else can be writing them while we hold the lock).
 *
 * <pre>{@code
 * try (CheckpointLock lock = CheckpointLock.acquire(dir)) {
 *     trainer.fit(...);   // with Checkpointer.every(dir, 1)
 * }
 * }</pre>
 */
public final class CheckpointLock implements AutoCloseable {
    /** The lock file: it holds the holder's process id, as text. */
    public static final String FILE = ".descent.lock";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final int removedTemporaries;

    private CheckpointLock(Path dir, FileChannel channel, FileLock lock, int removedTemporaries) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
        this.removedTemporaries = removedTemporaries;
    }

    /**
     * Creates the directory if needed and locks it.
     *
     * @throws InvalidInputException when another run (this process or another) holds it
     */
    public static CheckpointLock acquire(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very JVM
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(ch);
            ch.close();
            throw new InvalidInputException(dir.toString(), "", "another run holds this checkpoint directory"
                    + (holder.isEmpty() ? "" : " (process " + holder + ")") + "; wait for it to end, or give another "
                    + "--checkpoint-dir");
        }
        try {
            byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(pid), 0);
            ch.force(false);
            return new CheckpointLock(dir, ch, lock, removeStaleTemporaries(dir));
        } catch (IOException | RuntimeException e) {
            lock.release();
            ch.close();
            if (e instanceof IOException) { // a full or read-only disk: the error names the user's directory
                throw new IOException(dir + ": could not write its lock file " + FILE + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** The holder's pid as written in the lock file (at most 20 digits read), or "" when unknown. */
    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(20);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
            return s.matches("[0-9]{1,19}") ? s : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Deletes {@code .NAME.RANDOM.tmp} files of checkpoint names ({@code .last.safetensors.*.tmp},
     * {@code .best.safetensors.*.tmp}, {@code .epoch-0004.safetensors.*.tmp}): what an atomic write killed before its
     * rename leaves. Other files are not touched.
     */
    private static int removeStaleTemporaries(Path dir) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.safetensors.*.tmp")) {
            for (Path p : files) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && p.getFileName().toString().matches("\\.(last|best|epoch-\\d+)\\.safetensors\\.[0-9a-f]+\\.tmp")) {
                    Files.deleteIfExists(p);
                    removed++;
                }
            }
        }
        return removed;
    }

    public Path dir() {
        return dir;
    }

    /** How many stale temporary files taking the lock deleted. */
    public int removedTemporaries() {
        return removedTemporaries;
    }

    /** Releases the lock (the lock file stays: removing it would let a third run lock a different file). */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("releasing the lock of " + dir + ": " + e.getMessage(), e);
        }
    }
}
