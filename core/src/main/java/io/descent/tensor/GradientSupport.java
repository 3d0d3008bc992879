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
 * two micro-batches, two uses of the weight) is listed once; recording and listing cost O(non-zeros) per step
 * without a branch.
 */
public final class GradientSupport {
    private final int rows;
    private final int width;
    /** Bit c of word c / 64: column c may be non-zero. */
    private final long[] member;
    /** How many bits are set. */
    private int count;
    /** The set columns in the order first added, grown as needed up to width + 1 (see {@link #add}). */
    private int[] columns;
    private boolean known = true;

    GradientSupport(int rows, int width) {
        this.rows = rows;
        this.width = width;
        this.member = new long[(width + 63) >>> 6];
        this.columns = new int[Math.min(width, 1024) + 1];
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
     * The listed columns in their first {@link #count()} entries, in the order they were first written; read
     * only. The list is kept as columns are added: making it from the bitset instead (in increasing order) walked
     * all width / 64 words and cost 18% of a sparse logistic regression's step at 10^5 features.
     */
    public int[] columns() {
        return columns;
    }

    /**
     * Records that the kernel wrote columns {@code cols[from..to)} (each in [0, width)): sets their bits and
     * appends the new ones to the list, without a branch (a test per column cost as much as the scatter itself:
     * every column is written at the list's end, and the end moves on only for a new one); nothing to do once
     * the support is unknown.
     */
    public void add(int[] cols, int from, int to) {
        if (!known) {
            return;
        }
        int room = (int) Math.min(width, (long) count + (to - from)) + 1;     // + 1: a repeat is written past the end
        if (columns.length < room) {
            columns = Arrays.copyOf(columns, (int) Math.min(width + 1L, Math.max(2L * columns.length, room)));
        }
        long[] m = member;
        int[] list = columns;
        int n = count;
        for (int p = from; p < to; p++) {
            int c = cols[p];
            long w = m[c >>> 6];
            list[n] = c;
            n += (int) ((~w >>> c) & 1L);          // bit c of the word was clear: a new column (shifts are mod 64)
            m[c >>> 6] = w | (1L << c);
        }
        count = n;
    }

    /** The gradient may now be non-zero anywhere. */
    void forget() {
        known = false;
    }

    /** Zeros the listed columns of {@code buffer} (at its offset) and empties the list: the buffer is all zeros. */
    void clearColumns(Tensor buffer) {
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
        if (count > member.length / 8) {
            Arrays.fill(member, 0L);            // one streaming pass beats thousands of scattered stores
        } else {
            for (int k = 0; k < count; k++) {
                member[columns[k] >>> 6] = 0L;
            }
        }
        count = 0;
        known = true;
    }
}
