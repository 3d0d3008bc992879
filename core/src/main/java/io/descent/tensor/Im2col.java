package io.descent.tensor;

import java.util.Arrays;

/**
 * The patch matrix of a convolution and its adjoint, for a block of samples at once. For C input channels of
 * H x W, square kernels k, stride s and zero padding, the patches of samples [first, first + S) form a matrix
 * cols [C k k, S P] (P = H' W' output positions): row (c, p, q), column (n, i, j) holds
 * x[first + n, c, i s - pad + p, j s - pad + q], or 0 where that lies in the padding.
 *
 * <p>Filling a row for one sample and one output row i reads one input row: with stride 1 the valid j form
 * one contiguous stretch of it, copied with {@code System.arraycopy}, and only the stretches at the borders
 * are zeros. {@link #col2im} adds the entries back where they came from (the transpose of the map, which
 * sums the overlapping patches). Both split the samples of the block across the cores: each sample's
 * columns and each sample's input gradient belong to one thread.
 *
 * <pre>{@code
 * Im2col geo = new Im2col(32, 14, 14, 5, 1, 2);                 // 32 channels of 14x14, 5x5 kernels, padding 2
 * Tensor cols = Tensor.zeros(geo.rows(), 8 * geo.positions());  // [800, 8 * 196]
 * geo.im2col(x, 0, 8, cols);                                    // the patches of samples 0..7 of x [N, 32, 14, 14]
 * }</pre>
 */
public final class Im2col {
    public final int channels;
    public final int h;
    public final int w;
    public final int kernel;
    public final int stride;
    public final int pad;
    /** The output size H' = (H + 2 pad - k) / s + 1, and W'. */
    public final int oh;
    public final int ow;

    public Im2col(int channels, int h, int w, int kernel, int stride, int pad) {
        this.channels = channels;
        this.h = h;
        this.w = w;
        this.kernel = kernel;
        this.stride = stride;
        this.pad = pad;
        this.oh = (h + 2 * pad - kernel) / stride + 1;
        this.ow = (w + 2 * pad - kernel) / stride + 1;
    }

    /** Rows of the patch matrix: C k k. */
    public int rows() {
        return channels * kernel * kernel;
    }

    /** Output positions per sample: H' W'. */
    public int positions() {
        return oh * ow;
    }

    /** The first output column j whose input column j s - pad + q is inside the image (j s >= pad - q). */
    private int firstValid(int q) {
        return Math.min(ow, Math.max(0, (pad - q + stride - 1) / stride));
    }

    /** One past the last output column whose input column is inside the image (j s - pad + q <= W - 1). */
    private int endValid(int q) {
        int last = w - 1 + pad - q;
        return last < 0 ? 0 : Math.min(ow, last / stride + 1);
    }

    /** Fills cols [C k k, samples P] with the patches of samples [first, first + samples) of x [N, C, H, W]. */
    public void im2col(Tensor x, int first, int samples, Tensor cols) {
        int width = samples * positions();
        Parallel.forRange(samples, perThread(), (from, to) -> {
            for (int n = from; n < to; n++) {
                int xBase = x.offset() + (first + n) * channels * h * w;
                for (int r = 0; r < rows(); r++) {
                    int c = r / (kernel * kernel);
                    int p = r / kernel % kernel;
                    int q = r % kernel;
                    if (sameSize() && x.dtype() == DType.FLOAT32) {
                        fillSameSizeRow(x.floats(), xBase + c * h * w, cols.floats(),
                                cols.offset() + r * width + n * positions(), p, q);
                        continue;
                    }
                    int lo = firstValid(q);
                    int hi = endValid(q);
                    for (int i = 0; i < oh; i++) {
                        int row = i * stride - pad + p;
                        int at = cols.offset() + r * width + n * positions() + i * ow;
                        int src = xBase + (c * h + row) * w - pad + q;
                        boolean inside = row >= 0 && row < h;
                        if (x.dtype() == DType.FLOAT32) {
                            fillRow(x.floats(), src, cols.floats(), at, inside ? lo : ow, inside ? hi : ow);
                        } else {
                            fillRow(x.doubles(), src, cols.doubles(), at, inside ? lo : ow, inside ? hi : ow);
                        }
                    }
                }
            }
        });
    }

    /** Stride 1 and "same" padding: the output has the input's size (2 pad = k - 1). */
    private boolean sameSize() {
        return stride == 1 && oh == h && ow == w;
    }

    /**
     * Row (c, p, q) of one sample's patches when the output has the input's size: consecutive output rows then
     * read consecutive input rows, so all the rows inside the image are one copy of the channel's plane shifted
     * by q - pad columns. That shift carries |q - pad| values per row over from the neighbouring input row,
     * where the patch lies in the padding: they are zeroed afterwards, as are the rows above and below the
     * image. One copy per row of the patch matrix instead of one per output row (14 times fewer for 14 x 14).
     */
    private void fillSameSizeRow(float[] x, int plane, float[] out, int at, int p, int q) {
        int i0 = Math.min(oh, Math.max(0, pad - p));   // the output rows [i0, i1) read input rows i + p - pad
        int i1 = Math.max(i0, Math.min(oh, h + pad - p));
        int shift = q - pad;
        Arrays.fill(out, at, at + i0 * ow, 0f);
        Arrays.fill(out, at + i1 * ow, at + oh * ow, 0f);
        int d0 = at + i0 * ow + Math.max(0, -shift);
        int d1 = at + i1 * ow - Math.max(0, shift);
        if (d1 > d0) {
            System.arraycopy(x, plane + (i0 + p - pad) * w + Math.max(0, shift), out, d0, d1 - d0);
        }
        int zeroFrom = shift < 0 ? 0 : Math.max(0, ow - shift);
        int zeroTo = shift < 0 ? Math.min(ow, -shift) : ow;
        for (int j = zeroFrom; j < zeroTo; j++) {     // one or two columns: the long loop runs down the rows
            for (int i = i0; i < i1; i++) {
                out[at + i * ow + j] = 0f;
            }
        }
    }

    /** Output row at {@code at}: zeros, then x[src + j s] for j in [lo, hi) (empty when hi <= lo), then zeros. */
    private void fillRow(float[] x, int src, float[] out, int at, int lo, int end) {
        int hi = Math.max(lo, end);
        for (int j = 0; j < lo; j++) {
            out[at + j] = 0f;
        }
        if (stride == 1 && hi > lo) {
            System.arraycopy(x, src + lo, out, at + lo, hi - lo);
        } else {
            for (int j = lo; j < hi; j++) {
                out[at + j] = x[src + j * stride];
            }
        }
        for (int j = hi; j < ow; j++) {
            out[at + j] = 0f;
        }
    }

    private void fillRow(double[] x, int src, double[] out, int at, int lo, int end) {
        int hi = Math.max(lo, end);
        for (int j = 0; j < lo; j++) {
            out[at + j] = 0.0;
        }
        if (stride == 1 && hi > lo) {
            System.arraycopy(x, src + lo, out, at + lo, hi - lo);
        } else {
            for (int j = lo; j < hi; j++) {
                out[at + j] = x[src + j * stride];
            }
        }
        for (int j = hi; j < ow; j++) {
            out[at + j] = 0.0;
        }
    }

    /**
     * dx[first + n, c, i s - pad + p, j s - pad + q] += cols[(c, p, q), (n, i, j)] for the entries inside the
     * image.
     */
    public void col2im(Tensor cols, int first, int samples, Tensor dx) {
        int width = samples * positions();
        boolean samePlanes = sameSize() && dx.dtype() == DType.FLOAT32;
        Parallel.forRange(samples, perThread(), (from, to) -> {
            if (samePlanes) {
                addSameSizePlanes(cols.floats(), cols.offset(), width, dx.floats(), dx.offset() + first * channels * h * w,
                        from, to);
                return;
            }
            for (int n = from; n < to; n++) {
                int dxBase = dx.offset() + (first + n) * channels * h * w;
                for (int r = 0; r < rows(); r++) {
                    int c = r / (kernel * kernel);
                    int p = r / kernel % kernel;
                    int q = r % kernel;
                    int lo = firstValid(q);
                    int hi = endValid(q);
                    for (int i = 0; i < oh; i++) {
                        int row = i * stride - pad + p;
                        if (row < 0 || row >= h) {
                            continue;
                        }
                        int at = cols.offset() + r * width + n * positions() + i * ow;
                        int dst = dxBase + (c * h + row) * w - pad + q;
                        if (dx.dtype() == DType.FLOAT32) {
                            float[] src = cols.floats();
                            float[] out = dx.floats();
                            addRow(src, at, out, dst, lo, hi);
                        } else {
                            double[] src = cols.doubles();
                            double[] out = dx.doubles();
                            addRow(src, at, out, dst, lo, hi);
                        }
                    }
                }
            }
        });
    }

    /**
     * The adjoint of {@link #fillSameSizeRow} for samples [from, to) of the block: each channel's plane of dx
     * gathers its k k rows, each the plane shifted by (p - pad) rows and q - pad columns. The sums run in a copy
     * of the plane, {@code plane}, and each row is copied at its shift into {@code shifted}, where the entries
     * that came from the padding (the wrapped columns, which would land in the neighbouring input row) are set
     * to zero; the adding loop then indexes both arrays alike, which Java 17 vectorizes (dx[base + k] +=
     * cols[at + k] stays scalar). The rows add
     * in the same order as one after another into dx, so the sums are the same to the bit.
     */
    private void addSameSizePlanes(float[] cols, int colsAt, int width, float[] dx, int dxBlock, int from, int to) {
        int hw = h * w;
        float[] plane = new float[hw];
        float[] shifted = new float[hw];
        for (int n = from; n < to; n++) {
            for (int c = 0; c < channels; c++) {
                int at = dxBlock + (n * channels + c) * hw;
                System.arraycopy(dx, at, plane, 0, hw);
                for (int p = 0; p < kernel; p++) {
                    int i0 = Math.min(oh, Math.max(0, pad - p));
                    int i1 = Math.max(i0, Math.min(oh, h + pad - p));
                    for (int q = 0; q < kernel; q++) {
                        int shift = q - pad;
                        int k0 = i0 * ow + Math.max(0, -shift);     // entry k of the row goes to plane[k + d]
                        int k1 = i1 * ow - Math.max(0, shift);
                        int d = (p - pad) * w + shift;
                        if (k1 > k0) {
                            int row = colsAt + ((c * kernel + p) * kernel + q) * width + n * positions();
                            System.arraycopy(cols, row + k0, shifted, k0 + d, k1 - k0);
                            zeroWrapped(shifted, i0, i1, shift, d);
                            addRange(plane, shifted, k0 + d, k1 + d);
                        }
                    }
                }
                System.arraycopy(plane, 0, dx, at, hw);
            }
        }
    }

    /**
     * Zeroes the entries of a shifted row that lie in the padding: the |shift| wrapped columns of every output
     * row but the first (shift &lt; 0) or the last (shift &gt; 0), whose wrapped entries were not copied.
     */
    private void zeroWrapped(float[] shifted, int i0, int i1, int shift, int d) {
        int zeroFrom = shift < 0 ? 0 : Math.max(0, ow - shift);
        int zeroTo = shift < 0 ? Math.min(ow, -shift) : ow;
        int iFrom = shift < 0 ? i0 + 1 : i0;
        int iTo = shift > 0 ? i1 - 1 : i1;
        for (int i = iFrom; i < iTo; i++) {
            for (int j = zeroFrom; j < zeroTo; j++) {
                shifted[i * ow + j + d] = 0f;
            }
        }
    }

    /** acc[m] += t[m] for m in [from, to). */
    private static void addRange(float[] acc, float[] t, int from, int to) {
        for (int m = from; m < to; m++) {
            acc[m] += t[m];
        }
    }

    /**
     * out[dst + j s] += src[at + j] for j in [lo, hi); the loop with stride 1 written apart. Java 17 still runs
     * it scalar (its two arrays are indexed at different offsets); the stretches are too short (a row of the
     * output, 14 to 28 values) for copying them to arrays indexed alike to pay.
     */
    private void addRow(float[] src, int at, float[] out, int dst, int lo, int hi) {
        if (stride == 1) {
            for (int j = lo; j < hi; j++) {
                out[dst + j] += src[at + j];
            }
        } else {
            for (int j = lo; j < hi; j++) {
                out[dst + j * stride] += src[at + j];
            }
        }
    }

    private void addRow(double[] src, int at, double[] out, int dst, int lo, int hi) {
        for (int j = lo; j < hi; j++) {
            out[dst + j * stride] += src[at + j];
        }
    }

    /** Samples per thread worth splitting for: about {@link Parallel#GRAIN} entries of the patch matrix. */
    private int perThread() {
        return Math.max(1, Parallel.GRAIN / Math.max(1, rows() * positions()));
    }
}
