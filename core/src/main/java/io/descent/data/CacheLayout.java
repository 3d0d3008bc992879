package io.descent.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytes of a cache file, as {@link ChunkCache}'s class comment lays them out: the fixed prologue and trailer,
 * the header with the chunk index, and the size of each chunk's payload. Everything little-endian; every array
 * of a payload starts at a multiple of 8.
 */
final class CacheLayout {
    /** "DSCNTCCH": Descent chunk cache. */
    static final long MAGIC = 0x4843_4354_4E43_5344L;
    static final int VERSION = 1;
    /** Magic (8), version (4), reserved (4); the first payload starts here. */
    static final int PROLOGUE = 16;
    /** Header offset (8), header length (4), header CRC32C (4), magic (8). */
    static final int TRAILER = 24;
    /** Offset (8), rows (4), CRC32C (4), nnz (8), source bytes (8), first line (8). */
    static final int ENTRY = 40;

    private CacheLayout() {
    }

    /** Where a chunk is and what it holds. */
    record Entry(long offset, int rows, int crc, long nnz, long sourceBytes, long firstLine) {
    }

    /** The size, modification time and fingerprint of a source file: what must not change under a cache. */
    record Stamp(long size, long modifiedNanos, int fingerprint) {
    }

    /** Everything the header says. */
    record Header(RowChunk.Kind kind, int features, Stamp stamp, String source, String formatKey,
            Map<String, String> metadata, Entry[] entries) {
    }

    static long align8(long n) {
        return (n + 7) & ~7L;
    }

    /**
     * Payload bytes of a chunk: keys {@code long[rows]}, labels {@code float[rows]}, then dense {@code x
     * float[rows * features]} or sparse {@code rowPtr int[rows + 1]}, {@code cols int[nnz]}, {@code vals
     * float[nnz]}, each padded to 8 bytes.
     */
    static long payloadBytes(RowChunk.Kind kind, int rows, long nnz) {
        long n = 8L * rows + align8(4L * rows);
        if (kind == RowChunk.Kind.DENSE) {
            return n + align8(4L * nnz);
        }
        return n + align8(4L * (rows + 1)) + 2 * align8(4L * nnz);
    }

    // ---------------------------------------------------------------- header

    static byte[] encodeHeader(Header h) {
        byte[] source = utf8(h.source());
        byte[] key = utf8(h.formatKey());
        long size = 4 + 4 + 4 + 8 + 8 + 4 + 4L + source.length + 4L + key.length + 4;
        for (Map.Entry<String, String> e : h.metadata().entrySet()) {
            size += 8L + utf8(e.getKey()).length + utf8(e.getValue()).length;
        }
        size += (long) ENTRY * h.entries().length;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cache header of " + size + " bytes: too many chunks or metadata");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(h.kind().ordinal()).putInt(h.features()).putInt(h.entries().length);
        b.putLong(h.stamp().size()).putLong(h.stamp().modifiedNanos()).putInt(h.stamp().fingerprint());
        putBytes(b, source);
        putBytes(b, key);
        b.putInt(h.metadata().size());
        for (Map.Entry<String, String> e : h.metadata().entrySet()) {
            putBytes(b, utf8(e.getKey()));
            putBytes(b, utf8(e.getValue()));
        }
        for (Entry e : h.entries()) {
            b.putLong(e.offset()).putInt(e.rows()).putInt(e.crc()).putLong(e.nnz()).putLong(e.sourceBytes())
                    .putLong(e.firstLine());
        }
        return b.array();
    }

    /** The header in {@code b}, or an {@link IllegalArgumentException} saying what is malformed. */
    static Header decodeHeader(ByteBuffer b) {
        b.order(ByteOrder.LITTLE_ENDIAN);
        try {
            int kind = b.getInt();
            if (kind < 0 || kind >= RowChunk.Kind.values().length) {
                throw new IllegalArgumentException("unknown chunk kind " + kind);
            }
            int features = b.getInt();
            int chunks = b.getInt();
            if (features < 0 || chunks < 0) {
                throw new IllegalArgumentException("negative features or chunk count");
            }
            Stamp stamp = new Stamp(b.getLong(), b.getLong(), b.getInt());
            String source = getString(b);
            String key = getString(b);
            int pairs = b.getInt();
            if (pairs < 0 || pairs > b.remaining() / 8) {
                throw new IllegalArgumentException("metadata count " + pairs + " does not fit the header");
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            for (int i = 0; i < pairs; i++) {
                metadata.put(getString(b), getString(b));
            }
            if ((long) chunks * ENTRY != b.remaining()) {
                throw new IllegalArgumentException("index of " + chunks + " chunks needs " + (long) chunks * ENTRY
                        + " bytes, the header has " + b.remaining() + " left");
            }
            Entry[] entries = new Entry[chunks];
            for (int i = 0; i < chunks; i++) {
                entries[i] = new Entry(b.getLong(), b.getInt(), b.getInt(), b.getLong(), b.getLong(), b.getLong());
            }
            return new Header(RowChunk.Kind.values()[kind], features, stamp, source, key, metadata, entries);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("header ends early");
        }
    }

    /**
     * Why the index does not fit a file whose payloads lie in {@code [PROLOGUE, payloadEnd)}, or an empty string:
     * every chunk aligned, inside that range, not overlapping the next one, with a width that fits an array.
     */
    static String indexProblem(Header h, long payloadEnd) {
        Entry[] entries = h.entries();
        Integer[] order = new Integer[entries.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // by offset, and an empty chunk before a full one at the same offset (an empty payload takes no bytes)
        java.util.Arrays.sort(order, java.util.Comparator.<Integer>comparingLong(k -> entries[k].offset())
                .thenComparingLong(k -> entries[k].rows()));
        long end = PROLOGUE;
        for (int i : order) {
            Entry e = entries[i];
            long values = h.kind() == RowChunk.Kind.DENSE ? (long) e.rows() * h.features() : e.nnz();
            if (e.rows() < 0 || e.nnz() < 0 || e.sourceBytes() < 0 || values > FloatList.MAX_SIZE
                    || (h.kind() == RowChunk.Kind.DENSE && e.nnz() != values)) {
                return "chunk " + i + " has impossible sizes (rows " + e.rows() + ", nnz " + e.nnz() + ")";
            }
            if (e.offset() < end || (e.offset() & 7) != 0) {
                return "chunk " + i + " at byte " + e.offset() + " overlaps another or is misaligned";
            }
            end = e.offset() + payloadBytes(h.kind(), e.rows(), e.nnz());
            if (end > payloadEnd) {
                return "chunk " + i + " ends at byte " + end + ", past the payloads' end at " + payloadEnd;
            }
        }
        return "";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void putBytes(ByteBuffer b, byte[] bytes) {
        b.putInt(bytes.length).put(bytes);
    }

    private static String getString(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("a string of " + n + " bytes does not fit the header");
        }
        byte[] bytes = new byte[n];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
