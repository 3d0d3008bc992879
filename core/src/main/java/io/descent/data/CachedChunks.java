package io.descent.data;

import io.descent.InvalidInputException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A checked cache file, read through its memory mapping: each {@link #read} checks the chunk's CRC32C and copies
 * its arrays in bulk into the caller's {@link RowChunk}. Reads of different chunks may run on several threads at
 * once; the mapping holds no position and each read has its own checksum.
 *
 * <p>{@link #close} drops the mapping; Java unmaps it when it is collected (there is no earlier safe unmap).
 */
final class CachedChunks implements ChunkCache.Cached {
    private final Path file;
    private final CacheLayout.Header header;
    private final long totalBytes;
    private final long rows;
    private volatile CacheWindows windows;

    CachedChunks(Path file, CacheLayout.Header header, CacheWindows windows) {
        this.file = file;
        this.header = header;
        this.windows = windows;
        long bytes = 0;
        long n = 0;
        for (CacheLayout.Entry e : header.entries()) {
            bytes += e.sourceBytes();
            n += e.rows();
        }
        this.totalBytes = bytes;
        this.rows = n;
    }

    @Override
    public RowChunk.Kind kind() {
        return header.kind();
    }

    @Override
    public int features() {
        return header.features();
    }

    @Override
    public int chunks() {
        return header.entries().length;
    }

    @Override
    public long sourceBytes(int chunk) {
        return entry(chunk).sourceBytes();
    }

    @Override
    public long totalBytes() {
        return totalBytes;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(header.metadata());
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public void read(int chunk, RowChunk into) {
        CacheWindows w = windows;
        if (w == null) {
            throw new IllegalStateException(file + ": the cache is closed");
        }
        CacheLayout.Entry e = entry(chunk);
        if (into.kind() != header.kind()) {
            throw new IllegalArgumentException("a " + into.kind() + " chunk cannot take " + header.kind() + " rows");
        }
        if (header.kind() == RowChunk.Kind.DENSE && into.features() != header.features()) {
            throw new IllegalArgumentException("a chunk of " + into.features() + " features cannot take rows of "
                    + header.features());
        }
        int n = e.rows();
        long bytes = CacheLayout.payloadBytes(header.kind(), n, e.nnz());
        CRC32C crc = new CRC32C();
        w.checksum(e.offset(), bytes, crc);
        if ((int) crc.getValue() != e.crc()) {
            throw corrupt(chunk, "checksum mismatch");
        }
        into.resetForBulk(chunk, e.firstLine(), n, e.nnz());
        long at = e.offset();
        w.getLongs(at, into.keys(), 0, n);
        at += 8L * n;
        w.getFloats(at, into.labels(), 0, n);
        at += CacheLayout.align8(4L * n);
        int values = (int) e.nnz();
        if (header.kind() == RowChunk.Kind.DENSE) {
            w.getFloats(at, into.x(), 0, values);
            return;
        }
        into.setFeatures(header.features());
        w.getInts(at, into.rowPtr(), 0, n + 1);
        at += CacheLayout.align8(4L * (n + 1));
        if (into.rowPtr()[0] != 0 || into.rowPtr()[n] != values) {
            throw corrupt(chunk, "row pointers do not span its " + values + " non-zeros");
        }
        w.getInts(at, into.cols(), 0, values);
        at += CacheLayout.align8(4L * values);
        w.getFloats(at, into.vals(), 0, values);
    }

    @Override
    public void close() {
        windows = null;
    }

    private CacheLayout.Entry entry(int chunk) {
        CacheLayout.Entry[] entries = header.entries();
        if (chunk < 0 || chunk >= entries.length) {
            throw new IndexOutOfBoundsException("chunk " + chunk + " outside [0, " + entries.length + ")");
        }
        return entries[chunk];
    }

    private InvalidInputException corrupt(int chunk, String what) {
        return new InvalidInputException(file.toString(), "chunk " + chunk, what
                + ": the cache is corrupt; delete it and the next run rebuilds it from the source");
    }
}
