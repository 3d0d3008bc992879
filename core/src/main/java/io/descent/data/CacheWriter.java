package io.descent.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * Streams chunk payloads to the locked temporary file of a cache as they come, then writes the header, index and
 * trailer and renames the file to its final name (see {@link ChunkCache}). Holds one copy buffer, never the rows.
 */
final class CacheWriter implements ChunkCache.Writer {
    /**
     * Temporary files this process is writing: {@link ChunkCache}'s clean-up must not even open them, since on
     * POSIX systems closing any descriptor of a file drops the process's lock on it.
     */
    static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    /** The copy buffer: large enough that each write is one system call per MiB. */
    private static final int BUFFER = 1 << 20;

    private final Path file;
    private final Path temp;
    private final FileChannel channel;
    private final FileLock lock;
    private final CacheLayout.Stamp stamp;
    private final String source;
    private final String formatKey;
    private final RowChunk.Kind kind;
    private final CacheLayout.Entry[] entries;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    /** Dense width, fixed by the first dense chunk; -1 before it. */
    private int denseFeatures = -1;
    private long position;
    private boolean committed;
    private boolean failed;
    private boolean closed;

    private CacheWriter(Path file, Path temp, FileChannel channel, FileLock lock, CacheLayout.Stamp stamp,
            String source, String formatKey, RowChunk.Kind kind, int chunks) {
        this.file = file;
        this.temp = temp;
        this.channel = channel;
        this.lock = lock;
        this.stamp = stamp;
        this.source = source;
        this.formatKey = formatKey;
        this.kind = kind;
        this.entries = new CacheLayout.Entry[chunks];
    }

    /** Creates and locks {@code temp} and writes the prologue. */
    static CacheWriter start(Path file, Path temp, CacheLayout.Stamp stamp, String source, String formatKey,
            RowChunk.Kind kind, int chunks) throws IOException {
        FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            FileLock lock = ch.lock();
            LIVE.add(temp.toAbsolutePath().normalize());
            CacheWriter w = new CacheWriter(file, temp, ch, lock, stamp, source, formatKey, kind, chunks);
            w.buffer.putLong(CacheLayout.MAGIC).putInt(CacheLayout.VERSION).putInt(0);
            w.flush();
            return w;
        } catch (IOException | RuntimeException e) {
            LIVE.remove(temp.toAbsolutePath().normalize());
            ch.close();
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    @Override
    public void add(RowChunk chunk, long sourceBytes) {
        checkOpen();
        int i = chunk.index();
        if (i < 0 || i >= entries.length) {
            throw new IllegalArgumentException("chunk " + i + " outside [0, " + entries.length + ")");
        }
        if (entries[i] != null) {
            throw new IllegalStateException("chunk " + i + " added twice");
        }
        if (chunk.kind() != kind) {
            throw new IllegalArgumentException("a " + chunk.kind() + " chunk in a " + kind + " cache");
        }
        if (kind == RowChunk.Kind.DENSE) {
            if (denseFeatures >= 0 && chunk.features() != denseFeatures) {
                throw new IllegalArgumentException("chunk " + i + " has " + chunk.features()
                        + " features, earlier chunks " + denseFeatures);
            }
            denseFeatures = chunk.features();
        }
        try {
            long offset = position;
            int rows = chunk.rows();
            crc.reset();
            putLongs(chunk.keys(), rows);
            putFloats(chunk.labels(), 0, rows);
            if (kind == RowChunk.Kind.DENSE) {
                long values = (long) rows * chunk.features();
                putFloats(chunk.x(), 0, (int) values);
            } else {
                putInts(chunk.rowPtr(), rows + 1);
                putInts(chunk.cols(), chunk.rowPtr()[rows]);
                putFloats(chunk.vals(), 0, chunk.rowPtr()[rows]);
            }
            flush();
            entries[i] = new CacheLayout.Entry(offset, rows, (int) crc.getValue(), chunk.nnz(), sourceBytes,
                    chunk.firstLine());
        } catch (IOException e) {
            throw failure("cannot write the cache", e);
        }
    }

    @Override
    public ChunkCache.Cached commit(int features, Map<String, String> metadata) {
        checkOpen();
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] == null) {
                throw new IllegalStateException("chunk " + i + " of " + entries.length + " was never added");
            }
        }
        if (kind == RowChunk.Kind.DENSE && denseFeatures >= 0 && features != denseFeatures) {
            throw new IllegalArgumentException("commit of " + features + " features, the chunks have "
                    + denseFeatures);
        }
        CacheLayout.Header header = new CacheLayout.Header(kind, features, stamp, source, formatKey,
                new LinkedHashMap<>(metadata), entries.clone());
        try {
            long headerOffset = position;
            byte[] bytes = CacheLayout.encodeHeader(header);
            CRC32C headerCrc = new CRC32C();
            headerCrc.update(bytes);
            write(ByteBuffer.wrap(bytes));
            buffer.putLong(headerOffset).putInt(bytes.length).putInt((int) headerCrc.getValue())
                    .putLong(CacheLayout.MAGIC);
            buffer.flip();
            write(buffer);
            buffer.clear();
            channel.force(true);
            lock.release();
            channel.close();
            move();
            committed = true;
            closed = true;
            LIVE.remove(temp.toAbsolutePath().normalize());
            syncDirectory(file.getParent());
            return CacheOpener.openCommitted(file, header, headerOffset);
        } catch (IOException e) {
            throw failure("cannot commit the cache", e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LIVE.remove(temp.toAbsolutePath().normalize());
        try {
            channel.close(); // releases the lock too
        } catch (IOException e) {
            // abandoning: the temporary file goes next, whatever the channel said
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // a leftover is unlocked now, so the next create() of this cache removes it
        }
    }

    // ---------------------------------------------------------------- payload writing

    private void putLongs(long[] a, int n) throws IOException {
        for (int from = 0; from < n; ) {
            int take = Math.min(n - from, buffer.remaining() / 8);
            if (take == 0) {
                flush();
                continue;
            }
            buffer.asLongBuffer().put(a, from, take);
            buffer.position(buffer.position() + 8 * take);
            from += take;
        }
        pad();
    }

    private void putInts(int[] a, int n) throws IOException {
        for (int from = 0; from < n; ) {
            int take = Math.min(n - from, buffer.remaining() / 4);
            if (take == 0) {
                flush();
                continue;
            }
            buffer.asIntBuffer().put(a, from, take);
            buffer.position(buffer.position() + 4 * take);
            from += take;
        }
        pad();
    }

    private void putFloats(float[] a, int from, int n) throws IOException {
        int end = from + n;
        while (from < end) {
            int take = Math.min(end - from, buffer.remaining() / 4);
            if (take == 0) {
                flush();
                continue;
            }
            buffer.asFloatBuffer().put(a, from, take);
            buffer.position(buffer.position() + 4 * take);
            from += take;
        }
        pad();
    }

    /** Zeros up to the next multiple of 8 bytes, so that the next array starts aligned. */
    private void pad() throws IOException {
        int gap = (int) (CacheLayout.align8(position + buffer.position()) - (position + buffer.position()));
        if (buffer.remaining() < gap) {
            flush();
        }
        for (int k = 0; k < gap; k++) {
            buffer.put((byte) 0);
        }
    }

    /** Writes the buffer's bytes into the payload CRC and the file. */
    private void flush() throws IOException {
        buffer.flip();
        crc.update(buffer.duplicate());
        write(buffer);
        buffer.clear();
    }

    private void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            position += channel.write(b, position);
        }
    }

    private void move() throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // same directory, so this is rare; the trailer still marks a complete file
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not supported here: the rename is atomic all the same, only its durability waits for the OS
        }
    }

    private void checkOpen() {
        if (failed) {
            throw new IllegalStateException(file + ": the cache writer failed earlier and was abandoned");
        }
        if (closed) {
            throw new IllegalStateException(file + ": the cache writer is " + (committed ? "committed" : "closed"));
        }
    }

    private UncheckedIOException failure(String what, IOException e) {
        failed = true;
        close();
        return new UncheckedIOException(new IOException(file + ": " + what + ": " + e.getMessage(), e));
    }
}
