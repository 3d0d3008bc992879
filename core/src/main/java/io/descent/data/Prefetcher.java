package io.descent.data;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One producer thread filling a fixed ring of reused items ahead of one consumer, in order: the consumer
 * {@link #take}s a filled item and {@link #giveBack}s it when done, so memory stays at the ring's size. The
 * producer's failure reaches the consumer at the item where it happened, as it was thrown; {@link #close}
 * stops the producer and waits for it. {@link ChunkPipeline} (chunks read from the file) and
 * {@link BatchPipeline} (batches gathered from the shuffle buffer) are its two uses.
 */
final class Prefetcher<T> implements AutoCloseable {
    /** Fills one item; returns false, leaving it unused, when there is nothing more. */
    interface Producer<T> {
        boolean fill(T item);

        /**
         * True when it is known without an item that nothing more comes: the producer then ends without waiting
         * for a free item (which a consumer holding every item would never give back).
         */
        default boolean done() {
            return false;
        }
    }

    private static final Object END = new Object();

    private final BlockingQueue<T> free;
    private final BlockingQueue<Object> full;
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean stopped;
    private boolean ended;

    Prefetcher(String threadName, T[] ring, Producer<T> producer) {
        free = new ArrayBlockingQueue<>(ring.length);
        full = new ArrayBlockingQueue<>(ring.length + 1);
        for (T item : ring) {
            free.add(item);
        }
        thread = new Thread(() -> run(producer), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Producer<T> producer) {
        try {
            while (!stopped && !producer.done()) {
                T item = free.take();
                if (stopped) {
                    return;
                }
                if (!producer.fill(item)) {
                    free.add(item);
                    break;
                }
                full.put(item);
            }
        } catch (InterruptedException e) {
            return;
        } catch (Throwable t) {
            if (stopped) {
                return;             // interrupted inside the producer while closing
            }
            failure = t;
        }
        try {
            full.put(END);
        } catch (InterruptedException e) {
            // closing
        }
    }

    /**
     * The next filled item, or null once the producer has nothing more (and on every later call); throws the
     * producer's failure, once, where it happened.
     */
    @SuppressWarnings("unchecked")
    T take(String waitingFor) {
        if (ended) {
            return null;
        }
        Object item;
        try {
            item = full.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + waitingFor, e);
        }
        if (item != END) {
            return (T) item;
        }
        ended = true;
        Throwable t = failure;
        if (t == null) {
            return null;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException("the " + thread.getName() + " thread failed", t);
    }

    /** Gives an item from {@link #take} back for the producer to fill again. */
    void giveBack(T item) {
        free.add(item);
    }

    /** Whether the producer thread still runs. */
    boolean producing() {
        return thread.isAlive();
    }

    /** Stops the producer and waits for it, so that nothing else touches what it reads. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
