package io.descent.data;

import io.descent.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Minibatches streamed from a LIBSVM or CSV file larger than memory, in shuffled chunks with bounded memory.
 *
 * <p>Opening the loader parses the whole file once, sequentially: a malformed line fails then, before any
 * batch, and the byte offset of every chunk of {@code chunkRows} lines is recorded. Each epoch then visits
 * the chunks in an order shuffled from the seed; it reads {@code bufferChunks} chunks at a time into a
 * buffer, shuffles the buffered rows and cuts them into batches (a batch may span two buffer fills). Like
 * tf.data's shuffle buffer, a larger buffer mixes better; memory is the buffer's rows plus one chunk's
 * bytes, whatever the file's size.
 *
 * <pre>{@code
 * var loader = StreamingLoader.libsvm(Path.of("criteo.svm"), LibSvmFormat.DEFAULT,
 *         StreamingLoader.Options.of(256, 42));               // 8 chunks of 4096 rows in memory
 * for (SparseBatch b : loader) { ... b.x().matmul(w) ... }
 * }</pre>
 *
 * A batch is valid until the next one. Epoch counter and {@link #state()} work as in {@link DataLoader}; a
 * restored mid-epoch state re-reads the epoch's first batches to get back to where it was.
 */
public final class StreamingLoader<B> implements Iterable<B> {
    private final Path file;
    private final Options options;
    private final RowBuffer<B> buffer;
    private final ChunkIndex index;
    private final int numClasses;
    private final int numFeatures;
    private final Epochs epochs;
    private final int[] chunkOrder;
    private final int[] rowOrder;
    private final byte[] chunkBytes;

    /**
     * @param batchSize    samples per batch
     * @param chunkRows    lines per chunk, the unit read from disk
     * @param bufferChunks chunks shuffled together in memory
     * @param shuffle      shuffle chunks and rows every epoch (else the file's order)
     * @param dropLast     drop the short last batch
     * @param seed         seed of the shuffles
     */
    public record Options(int batchSize, int chunkRows, int bufferChunks, boolean shuffle, boolean dropLast,
            long seed) {
        public Options {
            if (batchSize <= 0 || chunkRows <= 0 || bufferChunks <= 0) {
                throw new IllegalArgumentException("batchSize " + batchSize + ", chunkRows " + chunkRows
                        + " and bufferChunks " + bufferChunks + " must be positive");
            }
            if ((long) chunkRows * bufferChunks > 1 << 26) {
                throw new IllegalArgumentException("a buffer of " + bufferChunks + " chunks of " + chunkRows
                        + " rows is above 2^26 rows; streaming is meant to bound memory");
            }
        }

        /** Shuffled batches of {@code batchSize}, 8 chunks of 4096 rows in memory, the last batch kept. */
        public static Options of(int batchSize, long seed) {
            return new Options(batchSize, 4096, 8, true, false, seed);
        }

        public Options withChunks(int rows, int chunks) {
            return new Options(batchSize, rows, chunks, shuffle, dropLast, seed);
        }

        public Options withShuffle(boolean on) {
            return new Options(batchSize, chunkRows, bufferChunks, on, dropLast, seed);
        }

        public Options withDropLast(boolean on) {
            return new Options(batchSize, chunkRows, bufferChunks, shuffle, on, seed);
        }
    }

    private StreamingLoader(Path file, Options options, RowBuffer<B> buffer, boolean classes) {
        this.file = file;
        this.options = options;
        this.buffer = buffer;
        this.index = ChunkIndex.build(file, buffer, options.chunkRows());
        this.numClasses = classes ? (int) buffer.maxLabel() + 1 : 0;
        this.numFeatures = buffer.numFeatures();
        this.epochs = new Epochs(options.seed());
        this.chunkOrder = new int[index.chunks];
        this.rowOrder = new int[options.chunkRows() * options.bufferChunks()];
        this.chunkBytes = new byte[index.maxChunkBytes];
        if (index.rows / options.batchSize() >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException(index.rows + " rows make more than 2^31 batches of "
                    + options.batchSize());
        }
        buffer.prepare(options.batchSize(), numClasses, numFeatures);
    }

    /** Streams a LIBSVM file: sparse batches; the number of features is the format's or the largest index. */
    public static StreamingLoader<SparseBatch> libsvm(Path file, LibSvmFormat format, Options options) {
        return new StreamingLoader<>(file, options, new LibSvmRows(format, file.toString()), format.classes());
    }

    /** Streams a CSV file: dense batches [B, D] of float32. */
    public static StreamingLoader<Batch> csv(Path file, CsvFormat format, Options options) {
        int capacity = options.chunkRows() * options.bufferChunks();
        return new StreamingLoader<>(file, options, new CsvRows(format, file.toString(), capacity), format.classes());
    }

    /** Rows in the file. */
    public long rows() {
        return index.rows;
    }

    public int numFeatures() {
        return numFeatures;
    }

    /** Number of classes (the largest label plus one) for class labels, else 0. */
    public int numClasses() {
        return numClasses;
    }

    public int batchesPerEpoch() {
        long b = options.batchSize();
        return (int) (options.dropLast() ? index.rows / b : (index.rows + b - 1) / b);
    }

    /** Number of epochs begun so far. */
    public long epoch() {
        return epochs.started();
    }

    public LoaderState state() {
        return epochs.state();
    }

    public void restore(LoaderState s) {
        if (s.batchesDone() > batchesPerEpoch()) {
            throw new IllegalArgumentException("loader state: " + s.batchesDone() + " batches done, but an epoch has "
                    + batchesPerEpoch());
        }
        epochs.restore(s);
    }

    /** Runs the next epoch; a later epoch makes this iterator stale, as in {@link DataLoader}. */
    @Override
    public Iterator<B> iterator() {
        int total = batchesPerEpoch();
        int skip = epochs.begin(total);
        for (int i = 0; i < chunkOrder.length; i++) {
            chunkOrder[i] = i;
        }
        if (options.shuffle()) {
            epochs.rng().shuffle(chunkOrder);
        }
        Epoch epoch = new Epoch(total, epochs.started());
        for (int i = 0; i < skip; i++) {
            epoch.assemble();
        }
        epoch.served = skip;
        return epoch;
    }

    private final class Epoch implements Iterator<B> {
        private final int total;
        private final long id;
        private int served;
        private int nextChunk;
        private int position;
        private int buffered;

        Epoch(int total, long id) {
            this.total = total;
            this.id = id;
            buffer.clear();
        }

        @Override
        public boolean hasNext() {
            return served < total;
        }

        @Override
        public B next() {
            if (epochs.started() != id) {
                throw new IllegalStateException("this epoch's iterator is stale: a later epoch has started");
            }
            if (!hasNext()) {
                throw new NoSuchElementException("the epoch has " + total + " batches");
            }
            B batch = assemble();
            served++;
            epochs.served();
            return batch;
        }

        B assemble() {
            int slot = 0;
            while (slot < options.batchSize()) {
                if (position == buffered) {
                    if (nextChunk == chunkOrder.length) {
                        break;
                    }
                    refill();
                    continue;
                }
                buffer.copyToBatch(rowOrder[position++], slot++);
            }
            if (slot == 0 || (slot < options.batchSize() && options.dropLast())) {
                throw changed("fewer rows than when it was indexed");
            }
            return buffer.batch(slot);
        }

        /** Reads the next chunks of this epoch's order into the buffer and shuffles its rows. */
        private void refill() {
            buffer.clear();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                if (ch.size() != index.fileSize) {
                    throw changed("its size went from " + index.fileSize + " to " + ch.size() + " bytes");
                }
                for (int k = 0; k < options.bufferChunks() && nextChunk < chunkOrder.length; k++) {
                    readChunk(ch, chunkOrder[nextChunk++]);
                }
            } catch (IOException e) {
                throw new InvalidInputException(file.toString(), "", "cannot read: " + e, e);
            }
            buffered = buffer.rows();
            position = 0;
            for (int i = 0; i < buffered; i++) {
                rowOrder[i] = i;
            }
            if (options.shuffle()) {
                Rows.shuffle(epochs.rng(), rowOrder, buffered);
            }
        }

        private void readChunk(FileChannel ch, int chunk) throws IOException {
            long start = index.offsets[chunk];
            int span = (int) (index.offsets[chunk + 1] - start);
            ByteBuffer bb = ByteBuffer.wrap(chunkBytes, 0, span);
            while (bb.hasRemaining()) {
                if (ch.read(bb, start + bb.position()) < 0) {
                    throw changed("it ends inside chunk " + chunk);
                }
            }
            long line = index.firstLine + (long) chunk * index.chunkLines;
            long lastLine = line + index.chunkLines;
            int p = 0;
            while (p < span) {
                if (line == lastLine) {
                    throw changed("chunk " + chunk + " holds more than " + index.chunkLines + " lines");
                }
                int q = p;
                while (q < span && chunkBytes[q] != '\n') {
                    q++;
                }
                int e = q > p && chunkBytes[q - 1] == '\r' ? q - 1 : q;
                buffer.parse(chunkBytes, p, e, line++);
                p = q + 1;
            }
        }

        private InvalidInputException changed(String how) {
            return new InvalidInputException(file.toString(), "", "the file changed while streaming: " + how);
        }
    }
}
