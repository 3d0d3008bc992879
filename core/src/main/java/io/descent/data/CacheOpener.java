package io.descent.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Checks a cache file before anything uses it: prologue, trailer, header checksum, format key, the source's
 * stamp and the index against the file's length (see {@link ChunkCache}'s layout). Reads the ends of the file
 * only, never the payloads.
 */
final class CacheOpener {

    /** Why a cache is not used; the message is one line for the log. */
    static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    private CacheOpener() {
    }

    /** The cache in {@code file} of {@code source} for {@code formatKey}, checked against the source as it is now. */
    static ChunkCache.Cached open(Path file, Path source, String formatKey) throws Rejected {
        return open(file, source, formatKey, CacheWindows.DEFAULT_BITS);
    }

    /** As above, mapped in windows of {@code 2^windowBits} bytes (tests cross window edges with tiny ones). */
    static ChunkCache.Cached open(Path file, Path source, String formatKey, int windowBits) throws Rejected {
        if (!Files.isRegularFile(file)) {
            throw new Rejected("no cache yet");
        }
        CacheLayout.Stamp now;
        try {
            now = ChunkCache.stamp(source);
        } catch (IOException e) {
            throw new Rejected("cannot read the source " + source + ": " + e.getMessage());
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = ch.size();
            CacheLayout.Header header = readHeader(ch, length);
            long payloadEnd = payloadEnd(ch, length);
            if (!header.formatKey().equals(formatKey)) {
                throw new Rejected("made for format '" + header.formatKey() + "', not '" + formatKey + "'");
            }
            String absolute = source.toAbsolutePath().normalize().toString();
            if (!header.source().equals(absolute)) {
                throw new Rejected("made for the source " + header.source() + ", not " + absolute);
            }
            String stale = staleness(header.stamp(), now);
            if (!stale.isEmpty()) {
                throw new Rejected("the source changed since the cache was made (" + stale + ")");
            }
            String problem = CacheLayout.indexProblem(header, payloadEnd);
            if (!problem.isEmpty()) {
                throw new Rejected("index inconsistent with the file: " + problem);
            }
            return new CachedChunks(file, header, CacheWindows.map(ch, payloadEnd, windowBits));
        } catch (IOException e) {
            throw new Rejected("cannot read: " + e.getMessage());
        }
    }

    /** Maps a file this process just committed, trusting its header as written. */
    static ChunkCache.Cached openCommitted(Path file, CacheLayout.Header header, long payloadEnd)
            throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new CachedChunks(file, header, CacheWindows.map(ch, payloadEnd, CacheWindows.DEFAULT_BITS));
        }
    }

    private static CacheLayout.Header readHeader(FileChannel ch, long length) throws IOException, Rejected {
        if (length < CacheLayout.PROLOGUE + CacheLayout.TRAILER) {
            throw new Rejected("truncated: " + length + " bytes, fewer than an empty cache has");
        }
        ByteBuffer prologue = read(ch, 0, CacheLayout.PROLOGUE);
        if (prologue.getLong() != CacheLayout.MAGIC) {
            throw new Rejected("not a Descent cache (bad magic)");
        }
        int version = prologue.getInt();
        if (version != CacheLayout.VERSION) {
            throw new Rejected("cache version " + version + ", this build reads version " + CacheLayout.VERSION);
        }
        ByteBuffer trailer = read(ch, length - CacheLayout.TRAILER, CacheLayout.TRAILER);
        long headerOffset = trailer.getLong();
        int headerLength = trailer.getInt();
        int headerCrc = trailer.getInt();
        if (trailer.getLong() != CacheLayout.MAGIC) {
            throw new Rejected("incomplete or truncated (no trailer at the end)");
        }
        if (headerOffset < CacheLayout.PROLOGUE || headerLength < 0
                || headerOffset + headerLength != length - CacheLayout.TRAILER) {
            throw new Rejected("index inconsistent with the file length: header at byte " + headerOffset + ", "
                    + headerLength + " bytes long, in a file of " + length);
        }
        ByteBuffer header = read(ch, headerOffset, headerLength);
        CRC32C crc = new CRC32C();
        crc.update(header.duplicate());
        if ((int) crc.getValue() != headerCrc) {
            throw new Rejected("header checksum mismatch (the file is corrupt)");
        }
        try {
            return CacheLayout.decodeHeader(header);
        } catch (IllegalArgumentException e) {
            throw new Rejected("malformed header: " + e.getMessage());
        }
    }

    /** The header's offset, where the payloads end (read again: {@link #readHeader} checked it). */
    private static long payloadEnd(FileChannel ch, long length) throws IOException {
        return read(ch, length - CacheLayout.TRAILER, 8).getLong();
    }

    private static String staleness(CacheLayout.Stamp was, CacheLayout.Stamp now) {
        if (was.size() != now.size()) {
            return "size " + now.size() + " bytes, was " + was.size();
        }
        if (was.fingerprint() != now.fingerprint()) {
            return "content of its first or last 64 KiB changed";
        }
        if (was.modifiedNanos() != now.modifiedNanos()) {
            return "modification time changed";
        }
        return "";
    }

    private static ByteBuffer read(FileChannel ch, long position, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        ChunkCache.readFully(ch, b, position);
        return b.flip();
    }
}
