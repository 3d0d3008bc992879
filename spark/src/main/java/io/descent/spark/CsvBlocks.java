package io.descent.spark;

import io.descent.data.CsvFormat;
import io.descent.data.CsvReader;
import io.descent.data.Dataset;
import io.descent.data.RowSplit;
import io.descent.loss.Labels;
import java.util.Iterator;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import scala.Tuple2;

/**
 * An executor's CSV split as float32 blocks ({@link TextBlocks}), parsed by Descent's CSV reader after the file's
 * header line (read once on the driver), so that a split that does not start the file knows its columns.
 */
final class CsvBlocks extends TextBlocks {
    private final CsvFormat format;
    private final Labels labels;

    /**
     * @param labels for a margin loss, the coding 0/1 or -1/+1 labels are turned into; null to keep the labels as
     *               written (class indices, real targets)
     */
    CsvBlocks(Iterator<Tuple2<LongWritable, Text>> lines, String path, int partition, CsvFormat format, byte[] header,
            RowSplit split, Labels labels, BlockBounds bounds) {
        super(lines, path, partition, split, bounds, format.header() ? header : null);
        this.format = format;
        this.labels = labels;
    }

    /** Anything but blanks. */
    @Override
    boolean holdsRow(byte[] line, int len) {
        return hasContent(line, len, -1);
    }

    @Override
    Shard[] parse(byte[] text, int rows, String source, boolean[] heldOut) {
        Dataset d = CsvReader.read(text, source, format);
        checkRows(d.size(), rows, source);
        float[] x = d.features().toFloatArray();
        float[] y = d.targets().toFloatArray();
        for (int r = 0; r < rows; r++) {
            y[r] = marginLabel(labels, y[r], source, r);
        }
        int width = rows == 0 ? 0 : x.length / rows;
        int held = 0;
        for (boolean h : heldOut) {
            held += h ? 1 : 0;
        }
        return new Shard[] {block(rows - held, width, false, heldOut, x, y), block(held, width, true, heldOut, x, y)};
    }

    private static Shard block(int rows, int width, boolean heldOut, boolean[] out, float[] x, float[] y) {
        float[] bx = new float[rows * width];
        float[] by = new float[rows];
        int k = 0;
        for (int r = 0; r < out.length; r++) {
            if (out[r] == heldOut) {
                System.arraycopy(x, r * width, bx, k * width, width);
                by[k++] = y[r];
            }
        }
        return new Shard(0, rows, bx, by);
    }
}
