package io.descent.bench;

/**
 * Floating-point operations of the layers whose products dominate a workload, one multiply-add counted as 2.
 * Element-wise passes (activations, pooling, BatchNorm, the loss, the optimizer) are left out: they are a few
 * per cent of the products' count at these shapes, and the limit they are compared with is a product's.
 */
final class Flops {
    private Flops() {
    }

    /** A fully connected layer in -> out on one sample: y = W x + b, 2 in out. */
    static long linear(long in, long out) {
        return 2 * in * out;
    }

    /** A k x k convolution with 'same' padding on an h x w image, cin -> cout channels: 2 cin k^2 cout h w. */
    static long conv2d(long cin, long cout, long k, long h, long w) {
        return 2 * cin * k * k * cout * h * w;
    }

    /**
     * Training: forward, then backward's two products per layer of the same size (dL/dX = dL/dY W^T and
     * dL/dW = X^T dL/dY), 3 x forward.
     */
    static long training(long forward) {
        return 3 * forward;
    }
}
