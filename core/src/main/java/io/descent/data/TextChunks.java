package io.descent.data;

import io.descent.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;

/**
 * A CSV or LIBSVM text file cut into chunks by bytes, so that the number of chunks comes from the file's size
 * without a pass: chunk i holds the lines whose first byte lies in {@code [i*S, (i+1)*S)} (Hadoop's rule for
 * splits: a chunk skips the line it starts inside of and reads past its end to finish its last line). Each row's
 * key is the byte offset of its line (see {@link RowSplit}).
 *
 * <p>Line numbers are known only relative to a chunk's start while parsing; when a line is bad, the newlines
 * before the chunk are counted (on that error path only) and the line is parsed again with its absolute number, so
 * the error names the file's real line whatever order the chunks are read in. A file whose size or modification
 * time changed since it was opened is refused with "the file changed while streaming".
 *
 * <pre>{@code
 * try (TextChunks src = TextChunks.libsvm(Path.of("a9a.svm"), LibSvmFormat.DEFAULT, TextChunks.DEFAULT_CHUNK_BYTES)) {
 *     RowChunk c = new RowChunk(src.kind(), src.features());
 *     for (int i = 0; i < src.chunks(); i++) { src.read(i, c); ... }
 * }
 * }</pre>
 */
public final class TextChunks implements ChunkSource {
    /** 4 MiB: big enough that the per-chunk seek and thread hand-off cost nothing, small enough to queue a few. */
    public static final int DEFAULT_CHUNK_BYTES = 4 << 20;

    private final Path file;
    private final String name;
    private final CsvFormat csv;
    private final LibSvmFormat libsvm;
    private final long chunkBytes;
    private final long size;
    private final FileTime modified;
    private final int features;
    private final boolean featuresScanned;
    /** Byte offset of the first data line (past a CSV header). */
    private final long dataStart;
    private final CsvHead head;

    private TextChunks(Path file, CsvFormat csv, LibSvmFormat libsvm, long chunkBytes) {
        this(file, csv, libsvm, chunkBytes, -1);
    }

    /** {@code knownWidth} >= 0: a LIBSVM file's width found by an earlier scan (a cache's), so none is made. */
    private TextChunks(Path file, CsvFormat csv, LibSvmFormat libsvm, long chunkBytes, int knownWidth) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunk bytes must be positive, got " + chunkBytes);
        }
        this.file = file;
        this.name = file.toString();
        this.csv = csv;
        this.libsvm = libsvm;
        this.chunkBytes = chunkBytes;
        try {
            this.size = Files.size(file);
            this.modified = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new InvalidInputException(name, "", "cannot read: " + e, e);
        }
        if (csv != null) {
            this.head = CsvHead.read(file, csv);
            this.features = head.features();
            this.dataStart = head.dataStart();
            this.featuresScanned = false;
        } else {
            this.head = null;
            this.dataStart = 0;
            this.featuresScanned = libsvm.numFeatures() == 0;
            this.features = !featuresScanned ? libsvm.numFeatures()
                    : knownWidth >= 0 ? knownWidth : LibSvmWidth.scan(file);
        }
    }

    /** A CSV file: dense rows, the width from the header or first line. */
    public static TextChunks csv(Path file, CsvFormat format, long chunkBytes) {
        return new TextChunks(file, format, null, chunkBytes);
    }

    /** A LIBSVM file: sparse rows, the width declared by the format or (when 0) found by a scan for the largest index. */
    public static TextChunks libsvm(Path file, LibSvmFormat format, long chunkBytes) {
        return new TextChunks(file, null, format, chunkBytes);
    }

    /**
     * A LIBSVM file whose format leaves the width to a scan (numFeatures 0), with the width an earlier scan found:
     * a valid cache of this very file holds it, and a scan reads the whole file (seconds per GB) for nothing.
     */
    public static TextChunks libsvmScannedBefore(Path file, LibSvmFormat format, long chunkBytes, int width) {
        if (format.numFeatures() != 0 || width < 0) {
            throw new IllegalArgumentException("a width scanned before is for a format without one, got "
                    + format.numFeatures() + " and " + width);
        }
        return new TextChunks(file, null, format, chunkBytes, width);
    }

    public Path file() {
        return file;
    }

    /** Whether the width came from a scan of the file's indices rather than from the format. */
    public boolean featuresScanned() {
        return featuresScanned;
    }

    /** Bytes per chunk (S). */
    public long chunkBytes() {
        return chunkBytes;
    }

    @Override
    public RowChunk.Kind kind() {
        return csv != null ? RowChunk.Kind.DENSE : RowChunk.Kind.SPARSE;
    }

    @Override
    public int features() {
        return features;
    }

    @Override
    public int chunks() {
        return (int) Math.max(1, (size + chunkBytes - 1) / chunkBytes);
    }

    @Override
    public long sourceBytes(int chunk) {
        long from = chunk * chunkBytes;
        return Math.max(0, Math.min(size, from + chunkBytes) - from);
    }

    @Override
    public long totalBytes() {
        return size;
    }

    @Override
    public void read(int chunk, RowChunk into) {
        if (chunk < 0 || chunk >= chunks()) {
            throw new IndexOutOfBoundsException("chunk " + chunk + " of " + chunks());
        }
        into.reset(chunk, -1);
        into.setFeatures(features);
        long from = chunk * chunkBytes;
        long to = from + chunkBytes;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            checkUnchanged(ch);
            long start = Math.max(from, dataStart);
            if (start > 0 && start == from && !startsLine(ch, start)) {
                start = -1; // found below: past the line this chunk starts inside of
            }
            ch.position(start < 0 ? from : start);
            InputStream in = Channels.newInputStream(ch);
            LineScanner lines = new LineScanner(in, name);
            long base = start < 0 ? from : start;
            if (start < 0) {
                if (!lines.next()) {
                    return;
                }
            }
            RowParser parser = parser();
            while (lines.next()) {
                long offset = base + lines.lineOffset();
                if (offset >= to) {
                    break;
                }
                try {
                    parser.parse(lines.buffer(), lines.start(), lines.end(), lines.lineNumber(), offset, into);
                } catch (InvalidInputException e) {
                    long line = linesBefore(offset) + 1;
                    parser.parse(lines.buffer(), lines.start(), lines.end(), line, offset, into);
                    throw e; // not reached: the same line fails again, now with its number in the file
                }
            }
            checkUnchanged(ch);
        } catch (IOException e) {
            throw new InvalidInputException(name, "chunk " + chunk, "cannot read: " + e, e);
        }
    }

    private RowParser parser() {
        if (csv != null) {
            return new DenseRows(head.primedParser(), features);
        }
        return new SparseRows(new LibSvmParser(name, libsvm, features > 0 ? features : Integer.MAX_VALUE));
    }

    /** Whether the byte before {@code pos} ends a line. */
    private static boolean startsLine(FileChannel ch, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        return ch.read(b, pos - 1) == 1 && b.get(0) == '\n';
    }

    private void checkUnchanged(FileChannel ch) throws IOException {
        long now = ch.size();
        FileTime t = Files.getLastModifiedTime(file);
        if (now != size || !t.equals(modified)) {
            throw new InvalidInputException(name, "", "the file changed while streaming: it was " + size
                    + " bytes modified " + modified + " when opened, now " + now + " bytes modified " + t);
        }
    }

    /** Newlines before byte {@code offset}: the line number of the line there, less one. Error path only. */
    private long linesBefore(long offset) {
        long n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            long left = offset;
            while (left > 0) {
                int k = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (k < 0) {
                    break;
                }
                for (int i = 0; i < k; i++) {
                    if (buf[i] == '\n') {
                        n++;
                    }
                }
                left -= k;
            }
        } catch (IOException e) {
            throw new InvalidInputException(name, "byte " + offset, "cannot read: " + e, e);
        }
        return n;
    }

    @Override
    public void close() {
        // each read opens and closes its own channel
    }

    /** One format's line parser appending to a chunk. */
    private interface RowParser {
        void parse(byte[] b, int s, int e, long line, long key, RowChunk into);
    }

    private static final class DenseRows implements RowParser {
        private final CsvParser parser;
        private final float[] row;

        DenseRows(CsvParser parser, int features) {
            this.parser = parser;
            this.row = new float[features];
        }

        @Override
        public void parse(byte[] b, int s, int e, long line, long key, RowChunk into) {
            if (parser.split(b, s, e, line)) {
                float label = parser.parse(row, 0);
                into.addDense(key, label, row, 0);
            }
        }
    }

    private static final class SparseRows implements RowParser {
        private final LibSvmParser parser;
        private final IntList cols = new IntList(256);
        private final FloatList vals = new FloatList(256);

        SparseRows(LibSvmParser parser) {
            this.parser = parser;
        }

        @Override
        public void parse(byte[] b, int s, int e, long line, long key, RowChunk into) {
            cols.clear();
            vals.clear();
            if (parser.parse(b, s, e, line, cols, vals)) {
                into.addSparse(key, parser.label(), cols.array(), vals.array(), 0, cols.size());
            }
        }
    }
}
