package io.descent.spark;

import io.descent.InvalidInputException;
import io.descent.loss.Labels;

import io.descent.data.RowSplit;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import scala.Tuple2;

/**
 * An executor's split of a text file as blocks, read lazily a block at a time: consecutive lines (with their byte
 * offsets, from Hadoop's line reader) are gathered up to the {@link BlockBounds}, parsed by Descent's reader of the
 * format (its rules and messages), and each row goes to the training block or the held-out block by
 * {@link RowSplit} on its line's byte offset (the rule every reader of the file uses). Yields (held out?, block)
 * pairs.
 */
abstract class TextBlocks implements Iterator<Tuple2<Boolean, Shard>> {
    private final Iterator<Tuple2<LongWritable, Text>> lines;
    private final String path;
    private final int partition;
    private final RowSplit split;
    private final BlockBounds bounds;
    /** The header line that every chunk is parsed after (null for files without one); lines at offset 0 are it. */
    private final byte[] header;
    /** The current chunk's text, reused from block to block. */
    private byte[] text = new byte[1 << 16];
    private long[] rowOffsets = new long[1 << 10];
    /** The line of each row of the chunk, from 1 at its first line. */
    protected int[] rowLines = new int[1 << 10];
    private int linesRead;
    private Tuple2<Boolean, Shard> pending;
    private Tuple2<Boolean, Shard> next;

    TextBlocks(Iterator<Tuple2<LongWritable, Text>> lines, String path, int partition, RowSplit split,
            BlockBounds bounds, byte[] header) {
        this.lines = lines;
        this.path = path;
        this.partition = partition;
        this.split = split;
        this.bounds = bounds;
        this.header = header;
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
        if (header != null) {
            text = header.length + 1 > text.length ? Arrays.copyOf(text, 2 * (header.length + 1)) : text;
            System.arraycopy(header, 0, text, 0, header.length);
            text[header.length] = '\n';
            bytes = header.length + 1;
        }
        int rows = 0;
        int chunkLines = 0;
        long chunkStart = -1;
        int firstLine = linesRead + 1;
        while (lines.hasNext() && rows < bounds.maxRows() && bytes < bounds.maxBytes()) {
            Tuple2<LongWritable, Text> t = lines.next();
            Text line = t._2();
            int len = line.getLength();
            if (header != null && t._1().get() == 0) {
                linesRead++; // the file's own header line
                firstLine++;
                continue;
            }
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
        if (rows == 0) {
            return;
        }
        String source = path + " (Spark partition " + partition + "; lines counted from byte " + chunkStart
                + ", the partition's line " + firstLine + (header != null ? ", as line 2 after the header" : "") + ")";
        boolean[] out = new boolean[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = split.heldOut(rowOffsets[r]);
        }
        Shard[] blocks = parse(Arrays.copyOf(text, bytes), rows, source, out);
        next = blocks[0].rows() > 0 ? new Tuple2<>(false, blocks[0]) : null;
        pending = blocks[1].rows() > 0 ? new Tuple2<>(true, blocks[1]) : null;
        if (next == null) {
            next = pending;
            pending = null;
        }
    }

    /**
     * The chunk's {@code rows} rows parsed from {@code text}, as {training block, held-out block}: row r goes to
     * the held-out block when {@code heldOut[r]}; both keep the rows' order.
     */
    abstract Shard[] parse(byte[] text, int rows, String source, boolean[] heldOut);

    /** Whether a line holds a row (not blank, not a comment). */
    abstract boolean holdsRow(byte[] line, int len);

    /** Whether a byte other than a blank comes before the first {@code comment} byte (-1: no comments). */
    static boolean hasContent(byte[] line, int len, int comment) {
        for (int i = 0; i < len; i++) {
            byte b = line[i];
            if (b == comment) {
                return false;
            }
            if (b != ' ' && b != '\t' && b != '\r') {
                return true;
            }
        }
        return false;
    }

    /** The check that the format's reader found as many rows as {@link #holdsRow} did. */
    static void checkRows(int parsed, int rows, String source) {
        if (parsed != rows) {
            throw new IllegalStateException(source + ": " + parsed + " rows parsed from " + rows + " data lines");
        }
    }

    /**
     * The label in the coding the loss reads: for the margin losses -1/+1 and 0/1 both mean (negative,
     * positive), written as {@code labels} asks (LIBSVM files carry either, CSV files mostly 0/1); null keeps
     * class indices and real targets unchanged.
     */
    protected final float marginLabel(Labels labels, float y, String source, int row) {
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
