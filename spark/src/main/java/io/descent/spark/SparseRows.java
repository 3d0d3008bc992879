package io.descent.spark;

import io.descent.data.CsrMatrix;
import java.io.Serializable;

/**
 * Sparse rows in compressed sparse row form (CSR): row r's non-zeros are {@code cols/vals[rowPtr[r] ..
 * rowPtr[r + 1] - 1]}, 0-based column indices increasing within a row. The number of columns is the data's
 * (known once the whole file is read), not the block's.
 */
public record SparseRows(int[] rowPtr, int[] cols, float[] vals) implements Serializable {

    public SparseRows {
        if (rowPtr.length == 0 || rowPtr[0] != 0 || rowPtr[rowPtr.length - 1] != cols.length
                || cols.length != vals.length) {
            throw new IllegalArgumentException("sparse rows: row pointers do not fit " + cols.length + " non-zeros");
        }
    }

    static SparseRows of(CsrMatrix x) {
        return new SparseRows(x.rowPtr(), x.colIdx(), x.values());
    }

    public int rows() {
        return rowPtr.length - 1;
    }

    int nnz(int row) {
        return rowPtr[row + 1] - rowPtr[row];
    }

    long bytes() {
        return 4L * (rowPtr.length + cols.length + vals.length);
    }
}
