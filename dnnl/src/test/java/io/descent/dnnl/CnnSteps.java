package io.descent.dnnl;

import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.optim.AdamConfig;
import io.descent.optim.Optimizer;
import io.descent.optim.Optimizers;
import io.descent.tensor.Backend.ConvolutionShape;
import io.descent.tensor.Backends;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.Locale;
import java.util.Random;

/**
 * The child JVM of {@link CnnTrainingTest}: a few Adam steps of the bench's CNN ({@link Models#cnn}, batch 128 of
 * seeded noise images and labels), printing the backend, whether it convolves the CNN's layers, each step's loss, and every parameter value after the
 * last step, one number a line.
 */
public final class CnnSteps {
    static final int STEPS = 3;

    private CnnSteps() {
    }

    public static void main(String[] args) {
        System.out.println(Backends.describe());
        // whether both of the CNN's convolutions have the backend's kernels (else the comparison shows nothing)
        System.out.println(Backends.current().isPresent()
                && Backends.current().get().convolution(new ConvolutionShape(128, 1, 28, 28, 32, 5, 1, 2)) != null
                && Backends.current().get().convolution(new ConvolutionShape(128, 32, 14, 14, 64, 5, 1, 2)) != null);
        Random r = new Random(11);
        int n = 128;
        float[] x = new float[n * 28 * 28];
        float[] y = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(10);
        }
        Tensor images = Tensor.wrap(x, n, 1, 28, 28);
        Tensor labels = Tensor.wrap(y, n);
        Module cnn = Models.cnn(4, DType.FLOAT32);
        Optimizer adam = Optimizers.adam(cnn.parameters(), AdamConfig.defaults());
        CrossEntropyLoss loss = new CrossEntropyLoss();
        StringBuilder out = new StringBuilder();
        for (int step = 0; step < STEPS; step++) {
            adam.zeroGrad();
            Tensor l = loss.apply(cnn.forward(images), labels);
            l.backward();
            adam.step();
            out.append(String.format(Locale.ROOT, "%.9g%n", l.item()));
        }
        for (Parameter p : cnn.parameters()) {
            for (float v : p.value().floats()) {
                out.append(v).append('\n');
            }
        }
        System.out.print(out);
    }
}
