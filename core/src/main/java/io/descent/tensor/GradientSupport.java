package io.descent.tensor;

import java.util.Arrays;

/**
 * The columns a leaf's gradient can be non-zero in, kept while the gradient comes from sparse kernels only:
 * for a gradient of shape [rows, width] (a weight W [out, in]), every element (j, c) whose column c is not
 * listed is exactly +0. It lets an optimizer whose update leaves zero-gradient elements unchanged touch
 * only the listed columns, and lets the next sparse kernel clear only those columns (see {@code LeafGradient}).
 *
 * <p>A sparse kernel ({@code SparseAffine}) adds the columns it scatters into with {@link #add}. Anything that
 * may write the gradient elsewhere (a dense kernel, the tape's generic accumulation, {@link Tensor#setGrad},
 * a caller of {@link Tensor#grad()}) makes the support unknown ({@link #isKnown()} false) until the buffer
 * is next cleared in full. Membership is a bitset over the columns, so a column scattered twice (two rows,
 * two micro-batches, two uses of the weight) is listed once; recording costs O(non-zeros) per step without
 * a branch, and the list is made from the bits only when a sparse step or clear asks for it.
 */
public final class GradientSupport {
    private final int rows;
    private final int width;
    /** Bit c of word c / 64: column c may be non-zero. */
    private final long[] member;
    /** How many bits are set. */
    private int count;
    /** The set columns in increasing order, listed from the bits when asked for, grown as needed up to width. */
    private int[] columns;
    /** Whether {@link #columns} lists the bits as they are now. */
    private boolean listed = true;
    private boolean known = true;

    GradientSupport(int rows, int width) {
        this.rows = rows;
        this.width = width;
        this.member = new long[(width + 63) >>> 6];
        this.columns = new int[Math.min(width, 1024)];
    }

    /**
     * The columns outside of which leaf t's gradient is known to be zero, while only sparse kernels wrote it
     * since it was last cleared; null when unknown. Valid until the gradient is next written or zeroed.
     */
    public static GradientSupport of(Tensor t) {
        return LeafGradient.support(t);
    }

    /** Whether the gradient is known to be zero outside the listed columns. */
    public boolean isKnown() {
        return known;
    }

    /**
     * Whether few enough columns are listed for work on them alone to pay: at most 1 in 32. A pass over listed
     * columns jumps through memory one element at a time while a full pass streams and vectorizes; for a
     * logistic regression on 10^5 features and 7,400 listed columns (7%) the sparse step was slower than the
     * full one, at 10^6 features (0.7%) faster, and with 64 outputs twice as fast (SparseLinearBenchmark).
     */
    public boolean paysOff() {
        return count <= width / 32;
    }

    /** Rows of the gradient (out): column c covers the elements j * width + c, j &lt; rows. */
    public int rows() {
        return rows;
    }

    /** Columns of the gradient (in), the stride between its rows. */
    public int width() {
        return width;
    }

    /** How many columns are listed. */
    public int count() {
        return count;
    }

    /**
     * The listed columns in their first {@link #count()} entries, in increasing order; read only. Listing them
     * walks the width / 64 words of the bitset once after each change, which only a support that
     * {@link #paysOff} is worth.
     */
    public int[] columns() {
        list();
        return columns;
    }

    /**
     * Records that the kernel wrote columns {@code cols[from..to)} (each in [0, width)): sets their bits and
     * counts the new ones, without a branch (a test per column cost as much as the scatter itself); nothing to
     * do once the support is unknown.
     */
    public void add(int[] cols, int from, int to) {
        if (!known) {
            return;
        }
        long[] m = member;
        int n = count;
        for (int p = from; p < to; p++) {
            int c = cols[p];
            long w = m[c >>> 6];
            n += (int) ((~w >>> c) & 1L);          // bit c of the word was clear: a new column (shifts are mod 64)
            m[c >>> 6] = w | (1L << c);
        }
        count = n;
        listed = false;
    }

    /** The gradient may now be non-zero anywhere. */
    void forget() {
        known = false;
    }

    /** Zeros the listed columns of {@code buffer} (at its offset) and empties the list: the buffer is all zeros. */
    void clearColumns(Tensor buffer) {
        list();
        int at = buffer.offset();
        if (buffer.f != null) {
            float[] a = buffer.f;
            for (int k = 0; k < count; k++) {
                for (int j = 0, i = at + columns[k]; j < rows; j++, i += width) {
                    a[i] = 0f;
                }
            }
        } else {
            double[] a = buffer.d;
            for (int k = 0; k < count; k++) {
                for (int j = 0, i = at + columns[k]; j < rows; j++, i += width) {
                    a[i] = 0.0;
                }
            }
        }
        reset();
    }

    /** An empty, known support: for a buffer that was just cleared in full. */
    void reset() {
        if (listed) {
            for (int k = 0; k < count; k++) {
                member[columns[k] >>> 6] = 0L;
            }
        } else {
            Arrays.fill(member, 0L);
        }
        count = 0;
        listed = true;
        known = true;
    }

    /** Lists the set bits in increasing order, once after each change. */
    private void list() {
        if (listed) {
            return;
        }
        if (columns.length < count) {
            columns = new int[(int) Math.min(width, Math.max(2L * columns.length, count))];
        }
        int n = 0;
        int[] out = columns;
        long[] m = member;
        for (int w = 0; w < m.length; w++) {
            long bits = m[w];
            while (bits != 0) {
                out[n++] = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
            }
        }
        listed = true;
    }
}
