package io.descent.data;

/**
 * Every chunk of another source parsed once and held in memory: for files that fit the heap, so that later epochs
 * cost no parsing while batches, shuffling and the held-out split stay exactly those of streaming the same file.
 */
public final class HeldChunks implements ChunkSource {
    private final RowChunk[] chunks;
    private final RowChunk.Kind kind;
    private final int features;
    private final long[] bytes;
    private final long total;
    private final long rows;

    /** Reads all of {@code source} (which the caller still closes). */
    public HeldChunks(ChunkSource source) {
        kind = source.kind();
        features = source.features();
        chunks = new RowChunk[source.chunks()];
        bytes = new long[chunks.length];
        long n = 0;
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = new RowChunk(kind, features);
            source.read(i, chunks[i]);
            bytes[i] = source.sourceBytes(i);
            n += chunks[i].rows();
        }
        total = source.totalBytes();
        rows = n;
    }

    /** Rows held, all of them (training and held out). */
    public long rows() {
        return rows;
    }

    @Override
    public RowChunk.Kind kind() {
        return kind;
    }

    @Override
    public int features() {
        return features;
    }

    @Override
    public int chunks() {
        return chunks.length;
    }

    @Override
    public long sourceBytes(int chunk) {
        return bytes[chunk];
    }

    @Override
    public long totalBytes() {
        return total;
    }

    @Override
    public void read(int chunk, RowChunk into) {
        chunks[chunk].copyTo(into);
    }

    @Override
    public void close() {
    }
}
