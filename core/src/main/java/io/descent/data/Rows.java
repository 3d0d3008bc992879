package io.descent.data;

import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;

/** Row copies between dense tensors of the same row shape: what assembles a batch, one arraycopy per row. */
final class Rows {
    private Rows() {
    }

    /** Elements per row of a tensor [N, ...] (1 for a rank-1 tensor). */
    static int width(Tensor t) {
        return t.rank() <= 1 ? 1 : t.size() / t.dim(0);
    }

    /** Copies rows {@code order[from .. from + count)} of {@code src} into rows {@code 0 .. count} of {@code dst}. */
    static void gather(Tensor src, int[] order, int from, int count, Tensor dst) {
        int w = width(src);
        int s = src.offset();
        int d = dst.offset();
        if (src.dtype() == DType.FLOAT32) {
            float[] a = src.floats();
            float[] b = dst.floats();
            for (int i = 0; i < count; i++) {
                System.arraycopy(a, s + order[from + i] * w, b, d + i * w, w);
            }
        } else {
            double[] a = src.doubles();
            double[] b = dst.doubles();
            for (int i = 0; i < count; i++) {
                System.arraycopy(a, s + order[from + i] * w, b, d + i * w, w);
            }
        }
    }

    /** Class indices of rows {@code order[from .. from + count)} of a rank-1 target tensor, into {@code out[0 .. count)}. */
    static void gatherClasses(Tensor targets, int[] order, int from, int count, int[] out) {
        for (int i = 0; i < count; i++) {
            out[i] = (int) targets.getFlat(order[from + i]);
        }
    }

    /** A tensor [n, ...] of {@code like}'s dtype and row shape. */
    static Tensor withRows(Tensor like, int n) {
        return Tensor.zeros(like.dtype(), like.shape().with(0, n));
    }

    /** Fisher-Yates shuffle of the first {@code n} entries of {@code a}, as {@link Rng#shuffle} does for all. */
    static void shuffle(Rng rng, int[] a, int n) {
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The identity permutation 0 .. n-1. */
    static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }
}
