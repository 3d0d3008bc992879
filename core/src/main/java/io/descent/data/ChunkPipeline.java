package io.descent.data;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One epoch's chunks, read on a background thread in a given order into a bounded queue of reused
 * {@link RowChunk}s: the reader parses chunk k+1 while the training thread computes on chunk k, so a step costs
 * about max(parse, compute). Memory: {@code depth} chunks. A failure of the reader (bad input, a changed file)
 * is handed to the training thread and thrown there as it was; {@link #close} stops the reader.
 */
final class ChunkPipeline implements AutoCloseable {
    private static final RowChunk END = new RowChunk(RowChunk.Kind.DENSE, 0);

    private final BlockingQueue<RowChunk> free;
    private final BlockingQueue<RowChunk> full;
    private final Thread reader;
    private volatile Throwable failure;
    private volatile boolean stopped;

    /** Starts reading {@code order} (chunk numbers) of {@code source}, with chunks from {@code pool}. */
    ChunkPipeline(ChunkSource source, int[] order, RowChunk[] pool) {
        free = new ArrayBlockingQueue<>(pool.length);
        full = new ArrayBlockingQueue<>(pool.length + 1);
        for (RowChunk c : pool) {
            free.add(c);
        }
        reader = new Thread(() -> run(source, order), "descent-chunk-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void run(ChunkSource source, int[] order) {
        try {
            for (int chunk : order) {
                RowChunk c = free.take();
                if (stopped) {
                    return;
                }
                source.read(chunk, c);
                full.put(c);
            }
        } catch (InterruptedException e) {
            return;
        } catch (Throwable t) {
            failure = t;
        }
        try {
            full.put(END);
        } catch (InterruptedException e) {
            // closing
        }
    }

    /** The next chunk in order, or null at the epoch's end; rethrows the reader's failure unchanged. */
    RowChunk take() {
        RowChunk c;
        try {
            c = full.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the chunk reader", e);
        }
        if (c == END) {
            full.add(END); // stays at the end for later calls
            Throwable t = failure;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error err) {
                throw err;
            }
            return null;
        }
        return c;
    }

    /** Gives a chunk taken from {@link #take} back for reuse. */
    void release(RowChunk c) {
        free.add(c);
    }

    @Override
    public void close() {
        stopped = true;
        reader.interrupt();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
