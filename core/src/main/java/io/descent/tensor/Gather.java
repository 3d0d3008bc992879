package io.descent.tensor;

/**
 * Elements picked by flat index, and its adjoint, scattering them back with addition: the linear maps of
 * max pooling (each window's maximum), of a convolution's patches (im2col, with -1 for the zero padding) and
 * of layout permutations, as recorded ops whose backward rules are each other, so they can be differentiated
 * any number of times. For double backward; the fused layers use their own kernels in ordinary training.
 *
 * <pre>{@code
 * Tensor y = Gather.of(x, new int[] {2, 0, -1}, 3);      // [x_2, x_0, 0]
 * }</pre>
 */
public final class Gather {
    private Gather() {
    }

    /** out (of {@code shape}) with out_i = x_{index[i]} in row-major order, or 0 where index[i] &lt; 0. */
    public static Tensor of(Tensor x, int[] index, int... shape) {
        Shape s = Shapes.shapeFor("gather", index.length, shape);
        Tensor out = Tensor.empty(x.dtype(), s);
        int xo = x.offset();
        if (x.d != null) {
            double[] a = x.d;
            double[] o = out.d;
            for (int i = 0; i < index.length; i++) {
                o[i] = index[i] >= 0 ? a[xo + index[i]] : 0;
            }
        } else {
            for (int i = 0; i < index.length; i++) {
                if (index[i] >= 0) {
                    out.put(i, x.at(xo + index[i]));
                }
            }
        }
        int[] from = x.shape().dims();
        return DoubleBackward.record("gather", out, g -> new Tensor[] {scatterAdd(g, index, from)}, x);
    }

    /** out (of {@code shape}, zeros) with out_{index[i]} += g_i for every i whose index is not negative. */
    public static Tensor scatterAdd(Tensor g, int[] index, int... shape) {
        if (g.size() != index.length) {
            throw new IllegalArgumentException("scatterAdd: " + g.shape() + " has " + g.size() + " elements for "
                    + index.length + " indices");
        }
        Tensor out = Tensor.empty(g.dtype(), Shape.of(shape));
        int go = g.offset();
        if (g.d != null) {
            double[] a = g.d;
            double[] o = out.d;
            for (int i = 0; i < index.length; i++) {
                if (index[i] >= 0) {
                    o[index[i]] += a[go + i];
                }
            }
        } else {
            for (int i = 0; i < index.length; i++) {
                int j = index[i];
                if (j >= 0) {
                    out.put(j, out.at(j) + g.at(go + i));
                }
            }
        }
        int[] from = g.shape().dims();
        return DoubleBackward.record("scatterAdd", out, h -> new Tensor[] {of(h, index, from)}, g);
    }
}
