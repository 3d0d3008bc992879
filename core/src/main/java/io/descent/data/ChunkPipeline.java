package io.descent.data;

/**
 * One epoch's chunks, read on a background thread in a given order into a bounded queue of reused
 * {@link RowChunk}s: the reader parses chunk k+1 while the training thread computes on chunk k, so a step costs
 * about max(parse, compute). Memory: {@code depth} chunks. A failure of the reader (bad input, a changed file)
 * is handed to the training thread and thrown there as it was; {@link #close} stops the reader.
 */
final class ChunkPipeline implements AutoCloseable {
    private final Prefetcher<RowChunk> ring;

    /** Starts reading {@code order} (chunk numbers) of {@code source}, with chunks from {@code pool}. */
    ChunkPipeline(ChunkSource source, int[] order, RowChunk[] pool) {
        ring = new Prefetcher<>("descent-chunk-reader", pool, new Prefetcher.Producer<>() {
            private int next;

            @Override
            public boolean fill(RowChunk c) {
                source.read(order[next++], c);
                return true;
            }

            @Override
            public boolean done() {
                return next == order.length;
            }
        });
    }

    /** The next chunk in order, or null at the epoch's end; rethrows the reader's failure unchanged. */
    RowChunk take() {
        return ring.take("the chunk reader");
    }

    /** Gives a chunk taken from {@link #take} back for reuse. */
    void release(RowChunk c) {
        ring.giveBack(c);
    }

    @Override
    public void close() {
        ring.close();
    }
}
