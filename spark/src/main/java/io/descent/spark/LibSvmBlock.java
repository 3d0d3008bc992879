package io.descent.spark;

import io.descent.InvalidInputException;
import io.descent.data.CsrMatrix;
import io.descent.data.LibSvmFormat;
import io.descent.data.LibSvmReader;
import io.descent.data.SparseDataset;
import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The LIBSVM rows of one partition of a text file, parsed by Descent's own LIBSVM reader (the same rules and
 * messages as on one machine) and kept sparse until the number of features over the whole file is known.
 */
record LibSvmBlock(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values, float[] labels)
        implements Serializable {

    /** Parses a partition's lines; {@code source} names the file and partition in errors. */
    static LibSvmBlock parse(Iterator<String> lines, String source, LibSvmFormat format) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        while (lines.hasNext()) {
            byte[] line = lines.next().getBytes(StandardCharsets.UTF_8);
            text.write(line, 0, line.length);
            text.write('\n');
        }
        SparseDataset d = LibSvmReader.read(text.toByteArray(), source, format);
        CsrMatrix x = d.features();
        int nnz = x.nnz();
        return new LibSvmBlock(d.size(), x.cols(), Arrays.copyOf(x.rowPtr(), d.size() + 1),
                Arrays.copyOf(x.colIdx(), nnz), Arrays.copyOf(x.values(), nnz), d.targets().toFloatArray());
    }

    /** The rows as a dense piece of {@code width} features each. */
    Shard dense(int width, String source) {
        if ((long) rows * width > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(source, "", rows + " rows of " + width + " features do not fit one "
                    + "dense array; Spark training holds samples densely: use more partitions");
        }
        float[] x = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
                x[r * width + colIdx[p]] = values[p];
            }
        }
        return new Shard(0, rows, x, labels);
    }
}
