package io.descent.spark;

import io.descent.InvalidInputException;
import io.descent.data.LibSvmFormat;
import io.descent.data.LibSvmReader;
import io.descent.data.RowSplit;
import io.descent.data.SparseDataset;
import io.descent.loss.Labels;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import scala.Tuple2;

/**
 * An executor's LIBSVM split as CSR blocks, read lazily a block at a time: consecutive lines (with their byte
 * offsets, from Hadoop's line reader) are gathered up to the {@link BlockBounds}, parsed by Descent's LIBSVM
 * reader (its rules and messages), and each row goes to the training block or the held-out block by
 * {@link RowSplit} on its line's byte offset (the rule every reader of the file uses). Yields (held out?, block)
 * pairs; rows are never made dense.
 */
final class LibSvmBlocks implements Iterator<Tuple2<Boolean, Shard>> {
    private final Iterator<Tuple2<LongWritable, Text>> lines;
    private final String path;
    private final int partition;
    private final LibSvmFormat format;
    private final RowSplit split;
    private final Labels labels;
    private final BlockBounds bounds;
    /** The current chunk's text, reused from block to block. */
    private byte[] text = new byte[1 << 16];
    private long[] rowOffsets = new long[1 << 10];
    private int[] rowLines = new int[1 << 10];
    private int linesRead;
    private Tuple2<Boolean, Shard> pending;
    private Tuple2<Boolean, Shard> next;

    LibSvmBlocks(Iterator<Tuple2<LongWritable, Text>> lines, String path, int partition, LibSvmFormat format,
            RowSplit split, Labels labels, BlockBounds bounds) {
        this.lines = lines;
        this.path = path;
        this.partition = partition;
        this.format = format;
        this.split = split;
        this.labels = labels;
        this.bounds = bounds;
    }

    @Override
    public boolean hasNext() {
        while (next == null && (pending != null || lines.hasNext())) {
            if (pending != null) {
                next = pending;
                pending = null;
            } else {
                readChunk();
            }
        }
        return next != null;
    }

    @Override
    public Tuple2<Boolean, Shard> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Tuple2<Boolean, Shard> out = next;
        next = null;
        return out;
    }

    /** Reads lines up to the bounds, parses them, and sets the training and held-out blocks they give. */
    private void readChunk() {
        int bytes = 0;
        int rows = 0;
        int chunkLines = 0;
        long chunkStart = -1;
        int firstLine = linesRead + 1;
        while (lines.hasNext() && rows < bounds.maxRows() && bytes < bounds.maxBytes()) {
            Tuple2<LongWritable, Text> t = lines.next();
            Text line = t._2();
            int len = line.getLength();
            if (chunkStart < 0) {
                chunkStart = t._1().get();
            }
            if (bytes + len + 1 > text.length) {
                text = Arrays.copyOf(text, Math.max(2 * text.length, bytes + len + 1));
            }
            System.arraycopy(line.getBytes(), 0, text, bytes, len);
            bytes += len;
            text[bytes++] = '\n';
            chunkLines++;
            linesRead++;
            if (holdsRow(line.getBytes(), len)) {
                if (rows == rowOffsets.length) {
                    rowOffsets = Arrays.copyOf(rowOffsets, 2 * rows);
                    rowLines = Arrays.copyOf(rowLines, 2 * rows);
                }
                rowOffsets[rows] = t._1().get();
                rowLines[rows] = chunkLines;
                rows++;
            }
        }
        String source = path + " (Spark partition " + partition + "; lines counted from byte " + chunkStart
                + ", the partition's line " + firstLine + ")";
        SparseDataset d = LibSvmReader.read(Arrays.copyOf(text, bytes), source, format);
        if (d.size() != rows) {
            throw new IllegalStateException(source + ": " + d.size() + " rows parsed from " + rows + " data lines");
        }
        divide(d, source);
    }

    /** Whether a line holds a row: something before any comment ('#'). */
    private static boolean holdsRow(byte[] line, int len) {
        for (int i = 0; i < len; i++) {
            byte b = line[i];
            if (b == '#') {
                return false;
            }
            if (b != ' ' && b != '\t' && b != '\r') {
                return true;
            }
        }
        return false;
    }

    /** The parsed rows cut into a training and a held-out block, in their order. */
    private void divide(SparseDataset d, String source) {
        int n = d.size();
        int[] ptr = d.features().rowPtr();
        int[] cols = d.features().colIdx();
        float[] vals = d.features().values();
        float[] y = d.targets().toFloatArray();
        boolean[] out = new boolean[n];
        int held = 0;
        int heldNnz = 0;
        for (int r = 0; r < n; r++) {
            y[r] = label(y[r], source, r);
            out[r] = split.heldOut(rowOffsets[r]);
            if (out[r]) {
                held++;
                heldNnz += ptr[r + 1] - ptr[r];
            }
        }
        Shard train = block(n - held, ptr[n] - heldNnz, false, out, ptr, cols, vals, y);
        Shard test = block(held, heldNnz, true, out, ptr, cols, vals, y);
        next = train.rows() > 0 ? new Tuple2<>(false, train) : null;
        pending = test.rows() > 0 ? new Tuple2<>(true, test) : null;
        if (next == null) {
            next = pending;
            pending = null;
        }
    }

    private static Shard block(int rows, int nnz, boolean heldOut, boolean[] out, int[] ptr, int[] cols, float[] vals,
            float[] y) {
        int[] bp = new int[rows + 1];
        int[] bc = new int[nnz];
        float[] bv = new float[nnz];
        float[] by = new float[rows];
        int k = 0;
        for (int r = 0; r < out.length; r++) {
            if (out[r] != heldOut) {
                continue;
            }
            int len = ptr[r + 1] - ptr[r];
            System.arraycopy(cols, ptr[r], bc, bp[k], len);
            System.arraycopy(vals, ptr[r], bv, bp[k], len);
            by[k] = y[r];
            bp[k + 1] = bp[k] + len;
            k++;
        }
        return Shard.sparse(0, new SparseRows(bp, bc, bv), by);
    }

    /**
     * The label in the coding the loss reads: for the margin losses LIBSVM's -1/+1 and 0/1 both mean
     * (negative, positive), written as {@code labels} asks; class indices and real targets pass unchanged.
     */
    private float label(float y, String source, int row) {
        if (labels == null) {
            return y;
        }
        boolean positive = y == 1;
        if (!positive && y != 0 && y != -1) {
            throw new InvalidInputException(source, "line " + rowLines[row], "label " + y + " is not a binary label "
                    + "(-1/+1 or 0/1) for a margin loss");
        }
        return positive ? 1 : labels == Labels.ZERO_ONE ? 0 : -1;
    }
}
