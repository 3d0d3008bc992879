package io.descent.data;

import java.nio.file.Path;
import java.util.Map;

/**
 * A text source that writes the binary cache ({@link ChunkCache}) as its chunks are first parsed: every chunk goes
 * to the cache's writer the first time it is read, the cache is committed once every chunk is in, and from then on
 * chunks are read from the memory-mapped cache instead of parsing text. {@link #close} before that abandons the
 * cache (a failure or an early stop leaves no partial cache).
 */
public final class CachingChunks implements ChunkSource {
    private final ChunkSource text;
    private final ChunkCache.Writer writer;
    private final boolean[] added;
    private final Map<String, String> metadata;
    private int missing;
    private volatile ChunkCache.Cached cached;

    public CachingChunks(ChunkSource text, Path dir, Path file, String formatKey, Map<String, String> metadata) {
        this.text = text;
        this.writer = ChunkCache.create(dir, file, formatKey, text.kind(), text.chunks());
        this.added = new boolean[text.chunks()];
        this.missing = added.length;
        this.metadata = metadata;
    }

    /** The committed cache, or null while chunks are missing. */
    public ChunkCache.Cached cached() {
        return cached;
    }

    @Override
    public RowChunk.Kind kind() {
        return text.kind();
    }

    @Override
    public int features() {
        return text.features();
    }

    @Override
    public int chunks() {
        return text.chunks();
    }

    @Override
    public long sourceBytes(int chunk) {
        return text.sourceBytes(chunk);
    }

    @Override
    public long totalBytes() {
        return text.totalBytes();
    }

    @Override
    public void read(int chunk, RowChunk into) {
        ChunkCache.Cached c = cached;
        if (c != null) {
            c.read(chunk, into);
            return;
        }
        synchronized (this) { // the writer takes one thread at a time
            if (cached != null) {
                cached.read(chunk, into);
                return;
            }
            text.read(chunk, into);
            if (!added[chunk]) {
                writer.add(into, text.sourceBytes(chunk));
                added[chunk] = true;
                if (--missing == 0) {
                    cached = writer.commit(text.features(), metadata);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        writer.close();
        if (cached != null) {
            cached.close();
        }
    }
}
