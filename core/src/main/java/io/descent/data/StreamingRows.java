package io.descent.data;

import io.descent.InvalidInputException;
import io.descent.tensor.Rng;
import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * Minibatches streamed from a {@link ChunkSource} with memory bounded by the options, never by the file: a
 * background thread ({@link ChunkPipeline}) parses chunks in a fresh seeded order every epoch into a queue of
 * {@code queueChunks} reused chunks; this (training) thread fills a shuffle buffer of {@code shuffleRows} rows with
 * the rows {@code keep} accepts (by key: the training rows, or only the held-out ones, see {@link RowSplit}),
 * shuffles it, and cuts it into batches, dense ({@link Batch}) or CSR ({@link SparseBatch}); a batch may span two
 * buffer fills. Like tf.data's shuffle buffer, a larger buffer mixes better. The shuffle buffer and the batches are
 * made a few batches ahead on a thread of their own ({@link BatchPipeline}), in the same order.
 *
 * <p>Epoch e's order depends only on (seed, e), so a resumed run re-reads the epoch's first batches to get back to
 * where it was. A batch is valid until the next one.
 */
public final class StreamingRows implements AutoCloseable {
    /** How labels reach the batches: as read, as class indices, or as signs for the margin losses. */
    public enum Labels {
        /** Real-valued targets as in the file. */
        VALUES,
        /** Class indices 0..k-1, also as {@code int[]} classes. */
        CLASSES,
        /** -1/+1 (from -1/+1 or 0/1 in the file), for the log and hinge losses. */
        SIGNS
    }

    /**
     * @param batchSize   rows per batch
     * @param shuffleRows rows in the shuffle buffer
     * @param shuffle     a seeded order of chunks and rows each epoch (else the file's order)
     * @param seed        seed of the orders
     * @param queueChunks parsed chunks queued between the reader and this thread
     */
    public record Options(int batchSize, int shuffleRows, boolean shuffle, long seed, int queueChunks) {
        public Options {
            if (batchSize < 1 || shuffleRows < 1 || queueChunks < 1) {
                throw new IllegalArgumentException("batch size " + batchSize + ", shuffle buffer " + shuffleRows
                        + " rows and queue of " + queueChunks + " chunks must be positive");
            }
        }
    }

    private final ChunkSource source;
    private final String name;
    private final Options options;
    private final LongPredicate keep;
    private final Labels labels;
    private final int features;
    private final RowChunk[] pool;
    private ChunkPipeline pipeline;
    private BatchPipeline batches;
    private final BatchBuffers[] ring;
    private Rng rng;
    // the shuffle buffer
    private final float[] bufLabels;
    private final int[] order;
    private final float[] bufX;
    private final int[] bufPtr;
    private int[] bufCols = new int[0];
    private float[] bufVals = new float[0];
    private int buffered;
    private int position;
    private RowChunk current;
    private int currentRow;
    // progress (bytesRead is written by the batch producer, read by the training thread)
    private volatile long bytesRead;
    private long rowsServed;

    public StreamingRows(ChunkSource source, String name, Options options, LongPredicate keep, Labels labels) {
        this.source = source;
        this.name = name;
        this.options = options;
        this.keep = keep;
        this.labels = labels;
        this.features = source.features();
        this.pool = new RowChunk[options.queueChunks()];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = new RowChunk(source.kind(), features);
        }
        int r = options.shuffleRows();
        int b = options.batchSize();
        bufLabels = new float[r];
        order = new int[r];
        boolean dense = source.kind() == RowChunk.Kind.DENSE;
        bufX = dense ? new float[Math.multiplyExact(r, features)] : null;
        bufPtr = dense ? null : new int[r + 1];
        ring = new BatchBuffers[ringSize(b, features, dense)];
        for (int i = 0; i < ring.length; i++) {
            ring[i] = new BatchBuffers(b, features, dense, labels == Labels.CLASSES);
        }
    }

    /**
     * Batches made ahead: enough that the producer, woken late (tens of microseconds on a virtual machine), is still
     * ahead; at most 16 MB of them beyond the one in use (a wide dense batch gets one spare, as double buffering).
     */
    static int ringSize(int batchSize, int features, boolean dense) {
        long bytes = BatchBuffers.bytes(batchSize, features, dense, 32L * batchSize);
        return (int) Math.max(2, Math.min(8, 1 + (16L << 20) / Math.max(1, bytes)));
    }

    public RowChunk.Kind kind() {
        return source.kind();
    }

    public int features() {
        return features;
    }

    /** Starts epoch {@code epoch} (its order depends on the seed and the epoch only), skipping {@code skipBatches}. */
    public void beginEpoch(long epoch, int skipBatches) {
        stop();
        rng = new Rng(options.seed() * 0x9E3779B97F4A7C15L + epoch);
        int[] chunks = Rows.identity(source.chunks());
        if (options.shuffle()) {
            rng.shuffle(chunks);
        }
        buffered = 0;
        position = 0;
        current = null;
        pipeline = new ChunkPipeline(source, chunks, pool);
        batches = new BatchPipeline(ring, this::produce);
        for (int i = 0; i < skipBatches && fill() > 0; i++) {
            // re-read to get back to where a checkpoint was written
        }
    }

    /**
     * Moves on to the next batch (the previous one's buffers go back for reuse); returns its rows, 0 at the epoch's
     * end. Before {@link #beginEpoch}, 0.
     */
    public int fill() {
        BatchBuffers b = batches == null ? null : batches.next();
        if (b == null) {
            return 0;
        }
        rowsServed += b.rows;
        return b.rows;
    }

    /** The dense batch of the last {@link #fill} of {@code rows} rows. */
    public Batch batch(int rows) {
        return batches.served().batch(rows);
    }

    /** The sparse batch of the last {@link #fill} of {@code rows} rows. */
    public SparseBatch sparseBatch(int rows) {
        return batches.served().sparseBatch(rows);
    }

    /** The batch producer's work: the next batch's rows out of the shuffle buffer, refilled as it runs out. */
    private int produce(BatchBuffers into) {
        int slot = 0;
        int b = options.batchSize();
        if (into.bPtr != null) {
            into.bPtr[0] = 0;
        }
        while (slot < b) {
            if (position == buffered && refill() == 0) {
                break;
            }
            copyToBatch(order[position++], into, slot++);
        }
        return slot;
    }

    private void copyToBatch(int row, BatchBuffers into, int slot) {
        float label = bufLabels[row];
        into.y[slot] = label;
        if (into.classes != null) {
            into.classes[slot] = (int) label;
        }
        if (into.bx != null) {
            System.arraycopy(bufX, row * features, into.bx, slot * features, features);
        } else {
            int from = bufPtr[row];
            int n = bufPtr[row + 1] - from;
            int at = into.bPtr[slot];
            if (at + n > into.bCols.length) {
                into.bCols = Arrays.copyOf(into.bCols, Math.max(at + n, 2 * into.bCols.length));
                into.bVals = Arrays.copyOf(into.bVals, into.bCols.length);
            }
            System.arraycopy(bufCols, from, into.bCols, at, n);
            System.arraycopy(bufVals, from, into.bVals, at, n);
            into.bPtr[slot + 1] = at + n;
        }
    }

    /** Refills the shuffle buffer from the queue of parsed chunks and shuffles it; returns the rows buffered. */
    private int refill() {
        buffered = 0;
        position = 0;
        if (bufPtr != null) {
            bufPtr[0] = 0;
        }
        while (buffered < order.length) {
            if (current == null) {
                current = pipeline.take();
                if (current == null) {
                    break;
                }
                currentRow = 0;
                bytesRead += source.sourceBytes(current.index());
            }
            long[] keys = current.keys();
            int rows = current.rows();
            while (buffered < order.length && currentRow < rows) {
                // the next run of kept rows, copied as one block (80% of rows are kept when 20% are held out:
                // runs of about 5 rows, whose copy row by row cost twice as many short array copies)
                int from = currentRow;
                int to = from;
                int room = order.length - buffered;
                while (to < rows && to - from < room && keep.test(keys[to])) {
                    to++;
                }
                if (to > from) {
                    add(current, from, to);
                }
                currentRow = to < rows && to - from < room ? to + 1 : to;   // past the dropped row after the run
            }
            if (currentRow == current.rows()) {
                pipeline.release(current);
                current = null;
            }
        }
        for (int i = 0; i < buffered; i++) {
            order[i] = i;
        }
        if (options.shuffle()) {
            Rows.shuffle(rng, order, buffered);
        }
        return buffered;
    }

    /** Appends rows [from, to) of c to the shuffle buffer (there is room for them). */
    private void add(RowChunk c, int from, int to) {
        float[] labelsIn = c.labels();
        long[] keys = c.keys();
        for (int r = from, b = buffered; r < to; r++, b++) {
            bufLabels[b] = label(labelsIn[r], keys[r]);
        }
        int rows = to - from;
        if (bufX != null) {
            System.arraycopy(c.x(), from * features, bufX, buffered * features, rows * features);
        } else {
            int[] ptr = c.rowPtr();
            int first = ptr[from];
            int n = ptr[to] - first;
            int at = bufPtr[buffered];
            if (at + n > bufCols.length) {
                bufCols = Arrays.copyOf(bufCols, Math.max(at + n, 2 * bufCols.length));
                bufVals = Arrays.copyOf(bufVals, bufCols.length);
            }
            System.arraycopy(c.cols(), first, bufCols, at, n);
            System.arraycopy(c.vals(), first, bufVals, at, n);
            int shift = at - first;
            for (int r = from, b = buffered; r < to; r++, b++) {
                bufPtr[b + 1] = ptr[r + 1] + shift;
            }
        }
        buffered += rows;
    }

    private float label(float v, long key) {
        if (labels != Labels.SIGNS) {
            return v;
        }
        if (v == 1 || v == -1) {
            return v;
        }
        if (v == 0) {
            return -1;
        }
        throw new InvalidInputException(name, "the line at byte " + key, "label " + v + ": the margin losses (log, "
                + "hinge) take labels -1/+1 or 0/1");
    }

    /** Bytes of the source behind the chunks taken so far (all epochs). */
    public long bytesRead() {
        return bytesRead;
    }

    /** Rows handed out in batches so far (all epochs). */
    public long rowsServed() {
        return rowsServed;
    }

    public ChunkSource source() {
        return source;
    }

    private void stop() {
        if (batches != null) {
            batches.close();        // first: the producer reads the chunk pipeline
            batches = null;
        }
        if (pipeline != null) {
            pipeline.close();
            pipeline = null;
        }
    }

    /** Stops the reader and producer threads; the source stays open (its owner closes it). */
    @Override
    public void close() {
        stop();
    }
}
