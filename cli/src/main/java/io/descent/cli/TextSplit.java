package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.data.ChunkSource;
import io.descent.data.Dataset;
import io.descent.data.RowChunk;
import io.descent.data.RowSplit;
import io.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * A CSV or LIBSVM file read into memory as two dense data sets, training and test, split by {@link RowSplit} on each
 * line's byte offset: the very split that streamed training draws, so every command measures the same test rows.
 */
final class TextSplit {
    /** LIBSVM data is densified for these commands; above this many values it is refused. */
    private static final long MAX_DENSE_VALUES = 100_000_000L;

    private TextSplit() {
    }

    static DataSpecs.Data read(String name, String file, ChunkSource source, RowSplit test, boolean classes) {
        int d = source.features();
        Rows train = new Rows(d);
        Rows held = new Rows(d);
        RowChunk c = new RowChunk(source.kind(), d);
        float max = -1;
        for (int i = 0; i < source.chunks(); i++) {
            source.read(i, c);
            for (int r = 0; r < c.rows(); r++) {
                Rows to = test.heldOut(c.keys()[r]) ? held : train;
                to.add(c, r, file);
                max = Math.max(max, c.labels()[r]);
            }
        }
        if (train.n == 0 || held.n == 0) {
            throw new InvalidInputException(file, "", train.n + held.n + " rows: too few to split into training and test rows");
        }
        int k = classes ? (int) max + 1 : 0;
        return new DataSpecs.Data(name, train.dataset(k), held.dataset(k));
    }

    /** Dense rows growing by doubling. */
    private static final class Rows {
        final int d;
        float[] x = new float[0];
        float[] y = new float[16];
        int n;

        Rows(int d) {
            this.d = d;
        }

        void add(RowChunk c, int r, String file) {
            if ((long) (n + 1) * d > MAX_DENSE_VALUES) {
                throw new InvalidInputException(file, "", "more than " + MAX_DENSE_VALUES + " values to hold densely "
                        + "here; descent train streams the file instead");
            }
            if (n == y.length) {
                y = Arrays.copyOf(y, 2 * n);
            }
            if ((n + 1) * d > x.length) {
                x = Arrays.copyOf(x, Math.max((n + 1) * d, 2 * x.length));
            }
            if (c.kind() == RowChunk.Kind.DENSE) {
                System.arraycopy(c.x(), r * d, x, n * d, d);
            } else {
                for (int p = c.rowPtr()[r]; p < c.rowPtr()[r + 1]; p++) {
                    x[n * d + c.cols()[p]] = c.vals()[p];
                }
            }
            y[n++] = c.labels()[r];
        }

        Dataset dataset(int classes) {
            Tensor features = Tensor.wrap(Arrays.copyOf(x, n * d), n, d);
            if (classes > 0) {
                int[] labels = new int[n];
                for (int i = 0; i < n; i++) {
                    labels[i] = (int) y[i];
                }
                return Dataset.classification(features, labels, classes);
            }
            return Dataset.regression(features, Tensor.wrap(Arrays.copyOf(y, n), n));
        }
    }
}
