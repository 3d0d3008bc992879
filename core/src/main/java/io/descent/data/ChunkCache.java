package io.descent.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The binary cache of a parsed text source: the first pass over a CSV or LIBSVM file writes its chunks' rows in
 * binary, and later epochs and later runs read them memory-mapped instead of parsing text again (the habit of
 * LightGBM's binary files and Vowpal Wabbit's cache).
 *
 * <h2>Layout (version 1, all numbers little-endian)</h2>
 * <pre>
 * prologue   magic "DSCNTCCH" (8 bytes), version u32 = 1, reserved u32 = 0
 * payloads   one per chunk, in the order they were written (any order of chunk numbers), each array
 *            padded with zeros to a multiple of 8 bytes:
 *              keys long[rows], labels float[rows],
 *              dense:  x float[rows * features] (row-major)
 *              sparse: rowPtr int[rows + 1] (from 0), cols int[nnz] (0-based), vals float[nnz]
 * header     kind u32 (0 dense, 1 sparse), features u32, chunks u32,
 *            source size u64, source mtime u64 (ns since the epoch), source fingerprint u32
 *              (CRC32C of the first and last 64 KiB),
 *            source absolute path, format key: each u32 byte length + UTF-8,
 *            metadata: u32 count, then count (key, value) strings as above,
 *            index: chunks entries of 40 bytes, by chunk number:
 *              payload offset u64, rows u32, payload CRC32C u32, nnz u64, source bytes u64, first line u64
 * trailer    header offset u64, header length u32, header CRC32C u32, magic (8 bytes)
 * </pre>
 * The header goes last because the width of a sparse source and the metadata are known only once every chunk
 * is parsed; the trailer's fixed place at the end finds it, and a file cut short loses its trailer first.
 *
 * <h2>What makes a cache valid</h2>
 * A writer streams payloads to a hidden temporary file {@code .NAME.RANDOM.tmp} in the cache directory (memory:
 * one chunk's copy buffer), and only {@link Writer#commit} renames it to its final name, atomically: a run that
 * dies earlier leaves no file {@link #open} would look at. The temporary file is locked while it is written, so
 * the next {@link #create} of the same cache deletes leftovers whose writer is gone and leaves a live one alone.
 *
 * <p>{@link #open} reads only the prologue, trailer and header (so a later run starts at once, whatever the
 * cache's size) and rejects a cache whose source changed (size, modification time or fingerprint), which was
 * made for another format key, has another magic or version, lost its trailer, fails its header checksum, or
 * whose index does not fit the file's length. It does <em>not</em> read every payload up front: each chunk's
 * CRC32C is checked whenever it is read, at memory speed, so a corrupt chunk fails that read with an
 * {@link io.descent.InvalidInputException} naming the cache file and chunk, never passing on wrong rows.
 *
 * <p>The file name is derived from the source's absolute path and the format key, so several sources, or one
 * source parsed two ways, share a directory.
 */
public final class ChunkCache {
    /** Bytes at each end of the source that its fingerprint covers. */
    static final int FINGERPRINT_SPAN = 64 << 10;
    static final String SUFFIX = ".dcache";

    private static final ThreadLocal<String> LAST_REJECTION = ThreadLocal.withInitial(() -> "");

    private ChunkCache() {
    }

    /** Writes one cache; see {@link ChunkCache#create}. Used from one thread. */
    public interface Writer extends AutoCloseable {
        /**
         * Appends chunk {@code chunk.index()}, which stands for {@code sourceBytes} bytes of the source. Chunks
         * come in any order, each once. A failure to write throws an {@link UncheckedIOException} naming the
         * cache file and abandons the cache; later calls then throw {@link IllegalStateException}.
         */
        void add(RowChunk chunk, long sourceBytes);

        /** Writes the header and index and renames the file to its final name; every chunk must be in. */
        Cached commit(int features, Map<String, String> metadata);

        /** Deletes the temporary file unless committed; safe to call more than once. */
        @Override
        void close();
    }

    /** A complete, valid cache, read memory-mapped. */
    public interface Cached extends ChunkSource {
        /** What the writer's {@link Writer#commit} was given, in its order. */
        Map<String, String> metadata();

        Path file();

        /** Rows in all chunks. */
        long rows();
    }

    /** What {@link #openOrWhy} found: a cache, or the reason there is none to use. */
    public record Lookup(Optional<Cached> cache, String rejection) {
    }

    /** The complete, valid cache of {@code source} for {@code formatKey} in {@code dir}, or empty. */
    public static Optional<Cached> open(Path dir, Path source, String formatKey) {
        Lookup lookup = openOrWhy(dir, source, formatKey);
        LAST_REJECTION.set(lookup.rejection());
        return lookup.cache();
    }

    /** Why this thread's last {@link #open} came back empty (for the log), or an empty string. */
    public static String lastRejection() {
        return LAST_REJECTION.get();
    }

    /** As {@link #open}, with the reason when there is no cache to use. */
    public static Lookup openOrWhy(Path dir, Path source, String formatKey) {
        Path file = fileFor(dir, source, formatKey);
        try {
            return new Lookup(Optional.of(CacheOpener.open(file, source, formatKey)), "");
        } catch (CacheOpener.Rejected e) {
            return new Lookup(Optional.empty(), file + ": " + e.getMessage());
        }
    }

    /**
     * Starts writing the cache of {@code source}, cut into {@code chunks} chunks, in {@code dir} (created if
     * missing). The source's size, time and fingerprint are taken now, before the pass that parses it, so a source
     * that changes during the pass leaves a cache the next {@link #open} rejects.
     */
    public static Writer create(Path dir, Path source, String formatKey, RowChunk.Kind kind, int chunks) {
        if (chunks < 0) {
            throw new IllegalArgumentException("negative chunk count " + chunks);
        }
        Path file = fileFor(dir, source, formatKey);
        try {
            Files.createDirectories(dir);
            CacheLayout.Stamp stamp = stamp(source);
            removeAbandoned(dir, file.getFileName().toString());
            Path temp = dir.resolve("." + file.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            return CacheWriter.start(file, temp, stamp, source.toAbsolutePath().normalize().toString(), formatKey,
                    kind, chunks);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(file + ": cannot start the cache: " + e.getMessage(), e));
        }
    }

    /** The cache file of {@code source} for {@code formatKey}: its name, a hash of both, and {@link #SUFFIX}. */
    public static Path fileFor(Path dir, Path source, String formatKey) {
        String absolute = source.toAbsolutePath().normalize().toString();
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest((absolute + "\n" + formatKey)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        String name = source.getFileName() == null ? "source" : source.getFileName().toString();
        String readable = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (readable.length() > 80) {
            readable = readable.substring(0, 80);
        }
        return dir.resolve(readable + "." + HexFormat.of().formatHex(digest, 0, 8) + SUFFIX);
    }

    /** Size, modification time and the CRC32C of the first and last {@link #FINGERPRINT_SPAN} bytes. */
    static CacheLayout.Stamp stamp(Path source) throws IOException {
        long modified = Files.getLastModifiedTime(source).to(TimeUnit.NANOSECONDS);
        try (FileChannel ch = FileChannel.open(source, StandardOpenOption.READ)) {
            long size = ch.size();
            CRC32C crc = new CRC32C();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(FINGERPRINT_SPAN, size));
            readFully(ch, head, 0);
            crc.update(head.flip());
            long tailStart = Math.max(0, size - FINGERPRINT_SPAN);
            ByteBuffer tail = ByteBuffer.allocate((int) (size - tailStart));
            readFully(ch, tail, tailStart);
            crc.update(tail.flip());
            ByteBuffer sizeBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, size);
            crc.update(sizeBytes);
            return new CacheLayout.Stamp(size, modified, (int) crc.getValue());
        }
    }

    static void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            int n = ch.read(into, position);
            if (n < 0) {
                throw new IOException("file ends at byte " + position);
            }
            position += n;
        }
    }

    /**
     * Deletes the temporary files of cache {@code name} that no writer holds: a writer locks its file, and the
     * lock goes with the process, so an unlocked one is what a run that died left behind.
     */
    private static void removeAbandoned(Path dir, String name) throws IOException {
        String prefix = "." + name + ".";
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir,
                p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".tmp"))) {
            for (Path temp : leftovers) {
                if (CacheWriter.LIVE.contains(temp.toAbsolutePath().normalize())) {
                    continue;
                }
                try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    FileLock lock = ch.tryLock();
                    if (lock != null) {
                        Files.deleteIfExists(temp);
                        lock.release();
                    }
                } catch (OverlappingFileLockException | NoSuchFileException e) {
                    // a writer in this process holds it, or another cleaner got there first
                }
            }
        }
    }
}
