package io.descent.data;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One epoch's batches, assembled on a background thread into a ring of reused {@link BatchBuffers} while the
 * training thread computes on the one before: assembling a batch from the shuffle buffer gathers its rows from
 * random places of a buffer of many megabytes (and refills and shuffles that buffer now and then), which took as
 * long as the rest of a sparse logistic regression's step; here it runs on the other core. The batches come in
 * exactly the order one thread would make them (one producer, the same calls), so results do not change. A batch
 * stays valid until the next {@link #next}. A failure of the producer (bad input) reaches the training thread at
 * the batch where it happened, as it was thrown.
 */
final class BatchPipeline implements AutoCloseable {
    /** Fills {@code into} with the next batch; returns its rows, 0 at the epoch's end. */
    interface Filler {
        int fill(BatchBuffers into);
    }

    private static final BatchBuffers FAILED = new BatchBuffers(1, 0, false, false);

    private final BlockingQueue<BatchBuffers> free;
    private final BlockingQueue<BatchBuffers> ready;
    private final Thread producer;
    private volatile Throwable failure;
    private volatile boolean stopped;
    private BatchBuffers served;
    private boolean ended;

    BatchPipeline(BatchBuffers[] ring, Filler filler) {
        free = new ArrayBlockingQueue<>(ring.length);
        ready = new ArrayBlockingQueue<>(ring.length + 1);
        for (BatchBuffers b : ring) {
            free.add(b);
        }
        producer = new Thread(() -> run(filler), "descent-batch-producer");
        producer.setDaemon(true);
        producer.start();
    }

    private void run(Filler filler) {
        try {
            while (!stopped) {
                BatchBuffers b = free.take();
                b.rows = filler.fill(b);
                ready.put(b);
                if (b.rows == 0) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            return;
        } catch (Throwable t) {
            if (stopped) {
                return;             // interrupted inside the filler while closing
            }
            failure = t;
        }
        try {
            ready.put(FAILED);
        } catch (InterruptedException e) {
            // closing
        }
    }

    /** The next batch (the previous one is given back), or null at the epoch's end. */
    BatchBuffers next() {
        if (served != null) {
            free.add(served);
            served = null;
        }
        if (ended) {
            return null;
        }
        BatchBuffers b;
        try {
            b = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the next batch", e);
        }
        if (b == FAILED) {
            ended = true;
            Throwable t = failure;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("the batch producer failed", t);
        }
        if (b.rows == 0) {
            ended = true;
            free.add(b);
            return null;
        }
        served = b;
        return b;
    }

    /** The batch {@link #next} returned last. */
    BatchBuffers served() {
        return served;
    }

    /** Whether the producer thread still runs. */
    boolean producing() {
        return producer.isAlive();
    }

    /** Stops the producer and waits for it, so that nothing else reads the shuffle buffer or the chunks. */
    @Override
    public void close() {
        stopped = true;
        producer.interrupt();
        try {
            producer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
