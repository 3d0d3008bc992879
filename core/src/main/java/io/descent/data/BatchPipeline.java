package io.descent.data;

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

    private final Prefetcher<BatchBuffers> ring;
    private BatchBuffers served;

    BatchPipeline(BatchBuffers[] buffers, Filler filler) {
        ring = new Prefetcher<>("descent-batch-producer", buffers, b -> (b.rows = filler.fill(b)) > 0);
    }

    /** The next batch (the previous one is given back), or null at the epoch's end. */
    BatchBuffers next() {
        if (served != null) {
            ring.giveBack(served);
            served = null;
        }
        served = ring.take("the next batch");
        return served;
    }

    /** The batch {@link #next} returned last. */
    BatchBuffers served() {
        return served;
    }

    /** Whether the producer thread still runs. */
    boolean producing() {
        return ring.producing();
    }

    /** Stops the producer and waits for it, so that nothing else reads the shuffle buffer or the chunks. */
    @Override
    public void close() {
        ring.close();
    }
}
