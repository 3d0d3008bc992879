package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.data.CachingChunks;
import io.descent.data.ChunkCache;
import io.descent.data.ChunkSource;
import io.descent.data.HeldChunks;
import io.descent.data.LibSvmFormat;
import io.descent.data.RowChunk;
import io.descent.data.RowSplit;
import io.descent.data.StreamingRows;
import io.descent.data.TextChunks;
import io.descent.loss.Loss;
import io.descent.loss.LossSpec;
import io.descent.nn.Module;
import io.descent.train.StreamingValidation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongPredicate;

/**
 * {@code --data csv:FILE} and {@code libsvm:FILE} for train and eval: the file opened as chunks of text, held in
 * memory when its parsed rows fit a share of the heap (estimated from the first chunk, without a pass), streamed
 * otherwise, and said which at start. Either way the rows go through the same batches and the same held-out split:
 * the test rows are drawn by {@link RowSplit} on each line's byte offset with {@link DataSpecs#TEST_SPLIT_SEED}, the
 * validation rows likewise among the rest with the run's seed, so {@code descent eval} measures the same rows.
 */
final class StreamedTraining implements AutoCloseable {
    static final int DEFAULT_SHUFFLE_ROWS = 65_536;
    private static final int QUEUE_CHUNKS = 3;

    final TextChunks text;
    private ChunkSource source;
    final String lossName;
    final Loss loss;
    final StreamingRows.Labels labels;
    final int outputs;
    private String dataLine;
    private final RowSplit test;
    private final RowSplit validation;
    private final int shuffleRows;
    private final int batchSize;
    private final long seed;

    private final ChunkSource base;

    private StreamedTraining(TaskOptions task, int shuffleRows, double validationSplit, boolean forEval, Path cacheDir) {
        if (task.batchSize < 1) {
            throw new InvalidInputException("--batch-size", "", task.batchSize + ": expected a positive integer");
        }
        if (shuffleRows < 1) {
            throw new InvalidInputException("--shuffle-buffer", "", shuffleRows + ": expected a positive number of rows");
        }
        boolean csv = task.data.startsWith("csv:");
        Path file = Path.of(task.data.substring(csv ? 4 : 7));
        String problem = io.descent.io.InputFile.problem(file);   // a directory, fifo or '-' said as such
        if (!problem.isEmpty()) {
            throw new InvalidInputException("--data", InvalidInputException.quote(task.data), problem + ", expected a "
                    + (csv ? "CSV" : "LIBSVM") + " file");
        }
        String name = lossName(task);
        LossSpec spec = LossSpec.parse(name);
        lossName = name;
        loss = LossSpecs.build(name);
        labels = spec.isMargin() ? StreamingRows.Labels.SIGNS
                : name.equals("cross-entropy") ? StreamingRows.Labels.CLASSES : StreamingRows.Labels.VALUES;
        boolean classes = labels == StreamingRows.Labels.CLASSES;
        io.descent.data.CsvFormat csvFormat = csv ? new DataSpecs.CsvOptions(task.label, !task.noHeader, classes).format(file) : null;
        LibSvmFormat svmFormat = classes ? LibSvmFormat.DEFAULT.asClasses() : LibSvmFormat.DEFAULT;
        String cacheNote = "";
        if (cacheDir == null) {
            text = textChunks(file, csvFormat, svmFormat, -1);
            base = text;
        } else {
            // The key leaves out a LIBSVM file's scanned width: the cache holds it, so a run that finds a valid
            // cache makes no scan of the text (the source's size, time and fingerprint tie the cache to it).
            String key = (csv ? "csv " + csvFormat : "libsvm " + svmFormat + " features="
                    + (svmFormat.numFeatures() == 0 ? "scanned" : svmFormat.numFeatures()))
                    + " chunk_bytes=" + TextChunks.DEFAULT_CHUNK_BYTES;
            ChunkCache.Lookup found = ChunkCache.openOrWhy(cacheDir, file, key);
            if (found.cache().isPresent()) {
                ChunkCache.Cached cached = found.cache().get();
                text = textChunks(file, csvFormat, svmFormat, cached.features());
                base = cached;
                cacheNote = ", read from the cache " + cached.file();
            } else {
                text = textChunks(file, csvFormat, svmFormat, -1);
                base = new CachingChunks(text, cacheDir, file, key, java.util.Map.of("source", file.toString()));
                cacheNote = ", writing the cache " + ChunkCache.fileFor(cacheDir, file, key) + " as it is parsed";
            }
        }
        try {
            this.shuffleRows = decide(forEval, shuffleRows, task.batchSize, file, cacheNote);
            outputs = classes ? countClasses() : 1;
        } catch (RuntimeException e) {
            base.close(); // abandons a cache begun: no partial cache is left
            throw e;
        }
        test = new RowSplit(0.2, DataSpecs.TEST_SPLIT_SEED);
        validation = validationSplit > 0 ? new RowSplit(validationSplit, task.seed) : null;
        batchSize = task.batchSize;
        seed = task.seed;
    }

    /**
     * The file's text chunks: CSV when {@code csvFormat} is given, else LIBSVM, whose width (when the format leaves
     * it to the file) comes from {@code scannedFeatures} when a cache already knows it (no scan), from a scan when -1.
     */
    private static TextChunks textChunks(Path file, io.descent.data.CsvFormat csvFormat, LibSvmFormat svmFormat,
            int scannedFeatures) {
        if (csvFormat != null) {
            return TextChunks.csv(file, csvFormat, TextChunks.DEFAULT_CHUNK_BYTES);
        }
        return svmFormat.numFeatures() == 0 && scannedFeatures >= 0
                ? TextChunks.libsvmScannedBefore(file, svmFormat, TextChunks.DEFAULT_CHUNK_BYTES, scannedFeatures)
                : TextChunks.libsvm(file, svmFormat, TextChunks.DEFAULT_CHUNK_BYTES);
    }

    /** Holds the file or streams it; sets {@code source} and the data line; returns the shuffle buffer's rows. */
    private int decide(boolean forEval, int shuffleRows, int batchRows, Path file, String cacheNote) {
        RowChunk first = new RowChunk(text.kind(), text.features());
        // a valid cache gives the first chunk parsed already (a cache being written must see it in its turn)
        (base instanceof ChunkCache.Cached ? base : text).read(0, first);
        long estimate = estimateBytes(first, text);
        // The loader's batch buffer (and, streaming, its shuffle buffer), in long: --batch-size 2147483647 times a
        // row's bytes passes 2^31.
        long rowBytes = rowBytes(first);
        String rowsOf = " rows of " + text.features() + " features" + (first.kind() == RowChunk.Kind.DENSE ? ""
                : " (sparse: about " + rowBytes + " bytes a row in the first chunk)");
        HeapBudget.check("--batch-size", Integer.toString(batchRows), HeapBudget.mulAdd(batchRows, rowBytes, 0),
                "a batch of " + batchRows + rowsOf);
        String size = mb(text.totalBytes());
        String width = text.features() + " features" + (text.featuresScanned() ? " (the largest index in the file)" : "");
        if (!forEval && HeapBudget.fits(estimate)) {
            HeldChunks held = new HeldChunks(base);
            source = held;
            int rows = (int) Math.max(1, Math.min(Integer.MAX_VALUE - 8, held.rows()));
            dataLine = String.format(Locale.ROOT, "data: in memory, %s (%s, %d rows, %s): its rows fit the heap's "
                    + "budget of %s%s", file, size, held.rows(), width, mb(HeapBudget.budget()), cacheNote);
            return rows;
        } else {
            HeapBudget.check("--shuffle-buffer", Integer.toString(shuffleRows),
                    HeapBudget.mulAdd(shuffleRows, rowBytes, 0), "a shuffle buffer of " + shuffleRows + rowsOf);
            source = base;
            dataLine = String.format(Locale.ROOT, "data: streaming %s (%s, %s) in %s chunks, shuffle buffer %d rows%s",
                    file, size, width, mb(text.chunkBytes()), shuffleRows, forEval ? ""
                            : ": about " + mb(estimate) + " parsed, above the heap's budget of " + mb(HeapBudget.budget()))
                    + cacheNote;
            return shuffleRows;
        }
    }

    static StreamedTraining forTraining(TaskOptions task, int shuffleRows, Path cacheDir) {
        if (!(task.validationSplit >= 0 && task.validationSplit < 1)) {
            throw new InvalidInputException("--validation-split", "", task.validationSplit + ": expected a fraction in [0, 1)");
        }
        return new StreamedTraining(task, shuffleRows, task.validationSplit, false, cacheDir);
    }

    static StreamedTraining forEval(TaskOptions task) {
        return new StreamedTraining(task, DEFAULT_SHUFFLE_ROWS, 0, true, null);
    }

    /**
     * Whether {@code --data} is a local CSV file whose rows fit the heap's budget: such a file is trained as a
     * {@link io.descent.data.Dataset} with the in-memory loader, the rows and order that {@code --spark} with the file
     * loaded in the driver also uses, so a run on one machine and on Spark give the same weights.
     */
    static boolean denseFitsInMemory(TaskOptions task) {
        if (!task.data.startsWith("csv:") || !handles(task.data)) {
            return false;
        }
        Path file = Path.of(task.data.substring(4));
        if (!Files.isRegularFile(file)) {
            return false; // the streaming path names the missing file
        }
        boolean classes = lossName(task).equals("cross-entropy");
        try (TextChunks csv = TextChunks.csv(file, new DataSpecs.CsvOptions(task.label, !task.noHeader, classes).format(file),
                TextChunks.DEFAULT_CHUNK_BYTES)) {
            RowChunk first = new RowChunk(csv.kind(), csv.features());
            csv.read(0, first);
            return HeapBudget.fits(estimateBytes(first, csv));
        }
    }

    /** Whether {@code --data} is a local text file this class reads. */
    static boolean handles(String data) {
        return (data.startsWith("csv:") || data.startsWith("libsvm:")) && !data.contains("://");
    }

    Module newModel(TaskOptions task) {
        return ModelSpecs.build(task.model, new int[] {source.features()}, outputs, task.seed);
    }

    /** The training rows, shuffled. */
    StreamingRows trainRows() {
        LongPredicate v = validation == null ? k -> false : validation::heldOut;
        return rows(k -> !test.heldOut(k) && !v.test(k), true);
    }

    /** The validation rows (among the non-test rows), or null without a validation split. */
    StreamingValidation validation() {
        if (validation == null) {
            return null;
        }
        return new StreamingValidation(rows(k -> !test.heldOut(k) && validation.heldOut(k), false), loss, labels, "val_");
    }

    /** The test rows, the same whatever the run's seed and whether the file was held in memory. */
    StreamingValidation testRows() {
        return new StreamingValidation(rows(test::heldOut, false), loss, labels, "test_");
    }

    private StreamingRows rows(LongPredicate keep, boolean shuffle) {
        int r = shuffle ? shuffleRows : Math.max(batchSize, 4096);
        return new StreamingRows(source, text.file().toString(), new StreamingRows.Options(batchSize, r, shuffle, seed,
                QUEUE_CHUNKS), keep, labels);
    }

    /** The largest class index plus one, from one pass over the labels (cross-entropy needs the count up front). */
    private int countClasses() {
        RowChunk c = new RowChunk(source.kind(), source.features());
        float max = -1;
        for (int i = 0; i < source.chunks(); i++) {
            source.read(i, c);
            for (int r = 0; r < c.rows(); r++) {
                max = Math.max(max, c.labels()[r]);
            }
        }
        if (max < 1) {
            throw new InvalidInputException(text.file().toString(), "", "fewer than two classes; cross-entropy needs "
                    + "class indices 0, 1, ...");
        }
        return (int) max + 1;
    }

    /** Parsed bytes of the whole file, extrapolated from the first chunk. */
    /** The command's loss, by name: --loss, or the default for classes or values. */
    private static String lossName(TaskOptions task) {
        return task.loss != null ? LossSpec.parse(task.loss).name() : LossSpecs.defaultFor(!task.regression);
    }

    /** The parsed rows' bytes for the whole file, extrapolated from its first chunk. */
    /**
     * The bytes of one row in the loader's buffers: float32 features and label for dense rows; for CSR rows their
     * entries (index and value) at the first chunk's mean count, with the label and key.
     */
    static long rowBytes(RowChunk first) {
        if (first.kind() == RowChunk.Kind.DENSE) {
            return 4L * (first.features() + 2);
        }
        long meanNonZeros = (first.nnz() + first.rows() - 1) / Math.max(1, first.rows());
        return 8 * meanNonZeros + 16;
    }

    private static long estimateBytes(RowChunk first, ChunkSource text) {
        long perChunk = first.kind() == RowChunk.Kind.DENSE ? (long) first.rows() * (4L * first.features() + 16)
                : first.nnz() * 8 + first.rows() * 16L;
        double scale = (double) text.totalBytes() / Math.max(1, text.sourceBytes(0));
        return (long) (perChunk * scale);
    }

    static String mb(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
    }

    /** The final line: held-out accuracy (for classes or signs) and loss, as for data in memory. */
    static String line(StreamingValidation.Result r) {
        return new HeldOut("test", r.loss(), r.accuracy()).line();
    }

    void print(PrintWriter out) {
        out.println(dataLine);
        out.flush();
    }

    /** Closes the cache (abandoning one not yet complete) and the text. */
    @Override
    public void close() {
        base.close();
        text.close();
    }
}
