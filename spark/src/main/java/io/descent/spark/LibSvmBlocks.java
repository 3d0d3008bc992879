package io.descent.spark;

import io.descent.data.LibSvmFormat;
import io.descent.data.LibSvmReader;
import io.descent.data.RowSplit;
import io.descent.data.SparseDataset;
import io.descent.loss.Labels;
import java.util.Iterator;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import scala.Tuple2;

/** An executor's LIBSVM split as CSR blocks ({@link TextBlocks}), parsed by Descent's LIBSVM reader; never made dense. */
final class LibSvmBlocks extends TextBlocks {
    private final LibSvmFormat format;
    private final Labels labels;

    /**
     * @param labels for a margin loss, the coding -1/+1 or 0/1 labels are turned into; null to keep the labels as
     *               written (class indices, real targets)
     */
    LibSvmBlocks(Iterator<Tuple2<LongWritable, Text>> lines, String path, int partition, LibSvmFormat format,
            RowSplit split, Labels labels, BlockBounds bounds) {
        super(lines, path, partition, split, bounds, null);
        this.format = format;
        this.labels = labels;
    }

    /** Something before any comment ('#'). */
    @Override
    boolean holdsRow(byte[] line, int len) {
        return hasContent(line, len, '#');
    }

    @Override
    Shard[] parse(byte[] text, int rows, String source, boolean[] heldOut) {
        SparseDataset d = LibSvmReader.read(text, source, format);
        checkRows(d.size(), rows, source);
        int[] ptr = d.features().rowPtr();
        int[] cols = d.features().colIdx();
        float[] vals = d.features().values();
        float[] y = d.targets().toFloatArray();
        int held = 0;
        int heldNnz = 0;
        for (int r = 0; r < rows; r++) {
            y[r] = marginLabel(labels, y[r], source, r);
            if (heldOut[r]) {
                held++;
                heldNnz += ptr[r + 1] - ptr[r];
            }
        }
        return new Shard[] {block(rows - held, ptr[rows] - heldNnz, false, heldOut, ptr, cols, vals, y),
            block(held, heldNnz, true, heldOut, ptr, cols, vals, y)};
    }

    /** The rows whose {@code out} flag is {@code heldOut}, in order, as one CSR block. */
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

}
