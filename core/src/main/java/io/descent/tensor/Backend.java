package io.descent.tensor;

/**
 * Float32 kernels faster than BLAS on some machines (the {@code dnnl} module: oneDNN's AVX-512 JIT kernels),
 * found on the class path by {@link java.util.ServiceLoader} ({@link Backends}). Every method may decline a
 * call it does not take (a shape, a layout, a size too small to pay), and the caller then runs the BLAS path:
 * BLAS stays the fallback, and the float64 path always.
 *
 * <p>Arrays are row-major, as everywhere in Descent; offsets are in elements.
 */
public interface Backend {
    /** In words, for the line a command prints at start, e.g. {@code oneDNN 3.11 (avx512_core)}. */
    String name();

    /**
     * C = alpha op(A) op(B) + beta C, with the operands of {@link Gemm#sgemm}; returns false, having touched
     * nothing, when this backend does not take the call.
     */
    boolean sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff);

    /**
     * The kernels of a float32 convolution of this shape, made once per shape and reused by the caller; null when
     * this backend has none for it (im2col + {@link Gemm#sgemm} then runs).
     */
    default Convolution convolution(ConvolutionShape shape) {
        return null;
    }

    /**
     * The kernels of a float32 convolution of this shape followed by a ReLU and a 2 x 2 max pooling of stride 2,
     * as one operation (a CNN's usual block), or null where this backend has none for it: the three layers then
     * run one by one. The shape's output height and width are even.
     */
    default ConvolutionReluPool convolutionReluPool(ConvolutionShape shape) {
        return null;
    }

    /**
     * p = maxpool2x2(relu(conv(x, w) + b)) over [N, C, H, W] inputs, [O, C, k, k] weights and [N, O, H'/2, W'/2]
     * outputs, and its gradients. The forward pass keeps what its backward pass needs (the rectified convolution
     * and which element of each window was the maximum) in the backend's own memory, in the backend's layout,
     * so that neither is copied to Java arrays and back; the returned state names it. A backward pass whose
     * state a later forward pass of the same shape has replaced recomputes it from x, w and b first, so any
     * order of calls gives the same gradients.
     */
    interface ConvolutionReluPool {
        /** p = maxpool2x2(relu(conv(x, w) + b)); b may be null. Returns the state for {@link #backward}. */
        long forward(float[] x, int xOff, float[] w, int wOff, float[] b, int bOff, float[] p, int pOff);

        /**
         * From gp, the gradient of p: gx = dL/dx where gx is not null (overwritten), gw = betaW gw + dL/dW,
         * gb += dL/db where gb is not null. x, w and b are those of the forward pass that returned {@code state}.
         */
        void backward(long state, float[] gp, int gpOff, float[] x, int xOff, float[] w, int wOff, float[] b,
                int bOff, float[] gx, int gxOff, float betaW, float[] gw, int gwOff, float[] gb, int gbOff);
    }

    /**
     * A convolution's three kernels over [N, C, H, W] inputs, [O, C, k, k] weights and [N, O, H', W'] outputs
     * (the samples of the {@link ConvolutionShape}).
     */
    interface Convolution {
        /** y = conv(x, w) + b; b may be null. */
        void forward(float[] x, int xOff, float[] w, int wOff, float[] b, int bOff, float[] y, int yOff);

        /** gx = the gradient of the input from gy (gx overwritten). */
        void backwardData(float[] gy, int gyOff, float[] w, int wOff, float[] gx, int gxOff);

        /** gw = betaW gw + dL/dW, and gb += dL/db where gb is not null. */
        void backwardWeights(float[] x, int xOff, float[] gy, int gyOff, float betaW, float[] gw, int gwOff,
                float[] gb, int gbOff);
    }

    /** A convolution's geometry: batch, channels in, height, width, channels out, square kernel, stride, padding. */
    record ConvolutionShape(int n, int c, int h, int w, int o, int kernel, int stride, int padding) {
        public int outHeight() {
            return (h + 2 * padding - kernel) / stride + 1;
        }

        public int outWidth() {
            return (w + 2 * padding - kernel) / stride + 1;
        }
    }
}
