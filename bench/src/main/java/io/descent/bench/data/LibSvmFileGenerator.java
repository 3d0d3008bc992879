package io.descent.bench.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes a LIBSVM file with a planted linear rule, the shape of the large sparse sets of optimization research
 * (rcv1, url, criteo): each row has {@code nonZeros} distinct feature indices (1-based, ascending) drawn
 * uniformly from {@code features}, values in [0, 1) with three decimals, and the label +1 when
 * {@code sum_j w_j x_j > 0} for a hidden w with entries uniform in [-1, 1], else -1. The same seed gives the
 * same bytes, so Descent and its peers read one file.
 */
public final class LibSvmFileGenerator {
    private final int features;
    private final int nonZeros;
    private long state;

    public LibSvmFileGenerator(int features, int nonZeros, long seed) {
        if (features < nonZeros || nonZeros < 1) {
            throw new IllegalArgumentException("need 1 <= non-zeros <= features, got " + nonZeros + " of " + features);
        }
        this.features = features;
        this.nonZeros = nonZeros;
        this.state = seed == 0 ? 42 : seed;
    }

    /** Writes {@code rows} rows to {@code file}; returns its size in bytes. */
    public long write(Path file, long rows) throws IOException {
        float[] w = new float[features];
        for (int j = 0; j < features; j++) {
            w[j] = (float) ((next() % 2001) / 1000.0 - 1);
        }
        int[] idx = new int[nonZeros];
        int[] val = new int[nonZeros];
        byte[] line = new byte[nonZeros * 20 + 8];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (long i = 0; i < rows; i++) {
                drawIndices(idx);
                double margin = 0;
                for (int t = 0; t < nonZeros; t++) {
                    val[t] = (int) (next() % 1000);
                    margin += val[t] / 1000.0 * w[idx[t]];
                }
                int n = 0;
                line[n++] = (byte) (margin > 0 ? '+' : '-');
                line[n++] = '1';
                for (int t = 0; t < nonZeros; t++) {
                    line[n++] = ' ';
                    n = digits(line, n, idx[t] + 1);
                    line[n++] = ':';
                    line[n++] = '0';
                    line[n++] = '.';
                    line[n++] = (byte) ('0' + val[t] / 100);
                    line[n++] = (byte) ('0' + val[t] / 10 % 10);
                    line[n++] = (byte) ('0' + val[t] % 10);
                }
                line[n++] = '\n';
                out.write(line, 0, n);
            }
        }
        return Files.size(file);
    }

    /** Distinct indices in [0, features), ascending (rejection of repeats: nonZeros is far below features). */
    private void drawIndices(int[] idx) {
        for (int t = 0; t < idx.length; t++) {
            boolean repeat;
            do {
                idx[t] = (int) (next() % features);
                repeat = false;
                for (int u = 0; u < t && !repeat; u++) {
                    repeat = idx[u] == idx[t];
                }
            } while (repeat);
        }
        Arrays.sort(idx);
    }

    private static int digits(byte[] b, int at, int v) {
        int len = v >= 100000 ? Integer.toString(v).length() : v >= 10000 ? 5 : v >= 1000 ? 4 : v >= 100 ? 3 : v >= 10 ? 2 : 1;
        for (int k = at + len - 1; k >= at; k--) {
            b[k] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + len;
    }

    /** xorshift64 (Marsaglia 2003): unsigned values, taken modulo small ranges. */
    private long next() {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        return state >>> 1;
    }
}
