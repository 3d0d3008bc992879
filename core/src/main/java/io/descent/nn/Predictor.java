package io.descent.nn;

import io.descent.autograd.GradMode;
import io.descent.data.CsrMatrix;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Predictions for a whole data set, batch after batch, as Keras's {@code model.predict(x, batch_size)}: in
 * evaluation mode (the model is put back in the mode it was in), nothing recorded, the outputs of all batches
 * in one tensor. The samples are along dimension 0 of x.
 *
 * <pre>{@code
 * Tensor scores = Predictor.predict(model, testImages, 1000);     // [10000, 10]
 *
 * Predictor serving = new Predictor(model, 256);                  // buffers kept from call to call
 * Tensor a = serving.predict(requestA);
 * Tensor b = serving.predict(requestB);
 * }</pre>
 *
 * <p>For a {@link Sequential} model, each Linear layer before the last adds its product into a buffer that
 * holds its bias rows ({@link Linear#addProductInto}), and a ReLU right after it writes max(0, .) into a
 * second buffer in the pass that sets the first back to the bias, ready for the next batch; the other layers
 * run their own forward pass. The arithmetic is the layers' own, so the predictions equal exactly those of
 * {@code model.forward} on the same batches (a BLAS product's roundings may depend on its number of rows, here
 * as in PyTorch). The buffers save the JVM's zeroing of fresh arrays, their collections, cache misses on fresh
 * memory and a pass per layer, a few per cent of an inference batch of the benchmark MLP (784-1000-1000-10,
 * batch 1000); PyTorch gets the first three from its allocator, which hands freed blocks back without zeroing
 * them. A layer of the user's that keeps a reference to its input after its forward pass would see that input
 * change at the next batch; the built-in layers keep none.
 *
 * <p>An instance keeps its buffers from one call to the next and is meant for one thread at a time; the
 * static {@link #predict(Module, Tensor, int)} makes a new one per call. Each call reads the model's
 * parameters afresh, so training between calls is seen.
 */
public final class Predictor {
    private final Module model;
    private final int batchSize;
    /** Per layer index: a hidden Linear layer's [batchSize, out] product buffer, between batches its bias rows. */
    private final Tensor[] products;
    /** Whether {@code products[i]} holds layer i's bias rows now. */
    private final boolean[] ready;
    /** Per layer index: the ReLU of a hidden Linear layer's product. */
    private final Tensor[] activations;

    /** A predictor for the model, {@code batchSize} samples at a time. */
    public Predictor(Module model, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("predict: batch size must be at least 1, got " + batchSize);
        }
        this.model = model;
        this.batchSize = batchSize;
        int layers = model instanceof Sequential s ? s.size() : 0;
        this.products = new Tensor[layers];
        this.ready = new boolean[layers];
        this.activations = new Tensor[layers];
    }

    /** The model's outputs for the samples of x, {@code batchSize} at a time, in one tensor. */
    public static Tensor predict(Module model, Tensor x, int batchSize) {
        return new Predictor(model, batchSize).predict(x);
    }

    /** The model's outputs for the samples of x, in one tensor. */
    public Tensor predict(Tensor x) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException("predict: the input needs a sample dimension, got a scalar");
        }
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var scope = GradMode.disabled()) {
            int n = x.dim(0);
            if (n == 0) {
                return model.forward(x);
            }
            Arrays.fill(ready, false);             // the biases may have changed since the last call
            Tensor result = null;
            // In long: from + batchSize passes 2^31 for a batch size near Integer.MAX_VALUE.
            for (int from = 0, to; from < n; from = to) {
                to = (int) Math.min(n, (long) from + batchSize);
                Tensor y = model instanceof Sequential s ? forward(s, x.sliceRows(from, to)) : model.forward(x.sliceRows(from, to));
                if (result == null) {
                    int[] dims = y.shape().dims();
                    dims[0] = n;
                    result = Tensor.zeros(y.dtype(), dims);
                }
                result.sliceRows(from, to).copyFrom(y);
            }
            return result;
        } finally {
            model.train(wasTraining);
        }
    }

    /**
     * The model's outputs for sparse rows (LIBSVM data), {@code batchSize} rows at a time through
     * {@link Module#forwardSparse}, in one tensor [N, ...]: the rows stay sparse into the first layer.
     */
    public static Tensor predictSparse(Module model, CsrMatrix x, int batchSize) {
        return new Predictor(model, batchSize).predict(x);
    }

    /** The model's outputs for the sparse rows of x, in one tensor; each batch's rows are copied, never densified. */
    public Tensor predict(CsrMatrix x) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var scope = GradMode.disabled()) {
            int n = x.rows();
            if (n == 0) {
                return model.forwardSparse(x);
            }
            Tensor result = null;
            // In long: from + batchSize passes 2^31 for a batch size near Integer.MAX_VALUE.
            for (int from = 0, to; from < n; from = to) {
                to = (int) Math.min(n, (long) from + batchSize);
                Tensor y = model.forwardSparse(from == 0 && to == n ? x : x.sliceRows(from, to));
                if (result == null) {
                    int[] dims = y.shape().dims();
                    dims[0] = n;
                    result = Tensor.zeros(y.dtype(), dims);
                }
                result.sliceRows(from, to).copyFrom(y);
            }
            return result;
        } finally {
            model.train(wasTraining);
        }
    }

    /** One batch through the layers, the hidden Linear layers (and a ReLU after one) in the buffers. */
    private Tensor forward(Sequential model, Tensor x) {
        List<Module> layers = model.layers();
        Tensor y = x;
        int last = layers.size() - 1;
        for (int i = 0; i <= last; i++) {
            Module m = layers.get(i);
            if (i < last && m instanceof Linear linear && y.rank() == 2 && y.dim(1) == linear.inFeatures()
                    && y.dtype() == linear.weight().value().dtype()) {
                int rows = y.dim(0);                                   // fewer in the last batch
                Tensor product = product(i, linear, y.dtype()).sliceRows(0, rows);
                linear.addProductInto(y, product);
                if (layers.get(i + 1) instanceof ReLU) {
                    Tensor activation = buffer(activations, i, y.dtype(), linear.outFeatures()).sliceRows(0, rows);
                    Parameter bias = linear.bias();
                    Kernels.rectifyRefilling(product, activation, rows, linear.outFeatures(),
                            bias == null ? null : bias.value());
                    y = activation;
                    i++;
                } else {
                    y = product;
                    ready[i] = false;                                  // refilled before the next batch
                }
            } else {
                y = m.forward(y);
            }
        }
        return y;
    }

    /** Layer i's product buffer, holding its bias rows. */
    private Tensor product(int i, Linear linear, DType dtype) {
        Tensor p = buffer(products, i, dtype, linear.outFeatures());
        if (!ready[i]) {
            linear.fillWithBias(p, batchSize);
            ready[i] = true;
        }
        return p;
    }

    private Tensor buffer(Tensor[] buffers, int i, DType dtype, int width) {
        if (buffers[i] == null || buffers[i].dtype() != dtype) {
            buffers[i] = Tensor.zeros(dtype, batchSize, width);
        }
        return buffers[i];
    }
}
