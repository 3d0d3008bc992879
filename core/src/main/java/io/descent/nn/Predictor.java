package io.descent.nn;

import io.descent.autograd.GradMode;
import io.descent.tensor.Tensor;
import java.util.List;

/**
 * Predictions for a whole data set, batch after batch, as Keras's {@code model.predict(x, batch_size)}: in
 * evaluation mode (the model is put back in the mode it was in), nothing recorded, the outputs of all batches
 * in one tensor. The samples are along dimension 0 of x.
 *
 * <pre>{@code
 * Tensor scores = Predictor.predict(model, testImages, 1000);     // [10000, 10]
 * }</pre>
 *
 * <p>For a {@link Sequential} model, each Linear layer before the last writes its output into a buffer made
 * once per call and reused by every batch, and a ReLU right after it is applied in the pass that adds the
 * bias; the other layers run their own forward pass. The arithmetic is the layers' own ({@link Linear#affineInto}), so the
 * predictions equal exactly those of {@code model.forward} on the same batches (a BLAS product's roundings may
 * depend on its number of rows, here as in PyTorch). What the buffers save is the JVM's zeroing of a fresh
 * array per layer and batch, the collections of those arrays, and cache misses on fresh memory: 3 to 4 % of an
 * inference batch of the benchmark MLP (784-1000-1000-10, batch 1000), which PyTorch gets from its allocator
 * (it hands freed blocks back without zeroing them). A layer of the user's that keeps a reference to its input
 * after its forward pass would see that input change at the next batch; the built-in layers keep none.
 */
public final class Predictor {
    private Predictor() {
    }

    /** The model's outputs for the samples of x, {@code batchSize} at a time, in one tensor. */
    public static Tensor predict(Module model, Tensor x, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("predict: batch size must be at least 1, got " + batchSize);
        }
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
            Tensor[] buffers = model instanceof Sequential s ? new Tensor[s.size()] : null;
            Tensor result = null;
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                Tensor y = buffers == null ? model.forward(x.sliceRows(from, to))
                        : forward((Sequential) model, x.sliceRows(from, to), batchSize, buffers);
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

    /** One batch through the layers, the hidden Linear layers into their buffers (made at the first batch). */
    private static Tensor forward(Sequential model, Tensor x, int batchSize, Tensor[] buffers) {
        List<Module> layers = model.layers();
        Tensor y = x;
        int last = layers.size() - 1;
        for (int i = 0; i <= last; i++) {
            Module m = layers.get(i);
            if (i < last && m instanceof Linear linear && y.rank() == 2 && y.dim(1) == linear.inFeatures()
                    && y.dtype() == linear.weight().value().dtype()) {
                if (buffers[i] == null) {
                    buffers[i] = Tensor.zeros(y.dtype(), batchSize, linear.outFeatures());
                }
                Tensor out = buffers[i].sliceRows(0, y.dim(0));        // fewer rows in the last batch
                boolean rectify = layers.get(i + 1) instanceof ReLU;
                linear.affineInto(y, out, rectify);
                y = out;
                if (rectify) {
                    i++;
                }
            } else {
                y = m.forward(y);
            }
        }
        return y;
    }
}
