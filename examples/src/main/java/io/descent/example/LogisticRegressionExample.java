package io.descent.example;

import io.descent.autograd.GradMode;
import io.descent.tensor.DType;
import io.descent.tensor.Gemm;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;

/**
 * The smallest complete training run: logistic regression on two Gaussian blobs by plain gradient
 * descent, written with tensors and autodiff alone. Run it to see the loss fall:
 *
 * <pre>{@code mvn -q -B install -DskipTests && mvn -q -pl examples exec:java -Dexec.mainClass=io.descent.example.LogisticRegressionExample}</pre>
 */
public final class LogisticRegressionExample {
    private LogisticRegressionExample() {
    }

    /** Two blobs of {@code n} points each in 2-D, centred at (-1, -1) and (+1, +1), labels -1 and +1. */
    static Tensor[] blobs(int n, long seed) {
        Rng rng = new Rng(seed);
        double[] x = new double[2 * n * 2];
        double[] y = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            double label = i < n ? -1 : 1;
            x[2 * i] = label + rng.nextGaussian();
            x[2 * i + 1] = label + rng.nextGaussian();
            y[i] = label;
        }
        return new Tensor[] {Tensor.of(x, 2 * n, 2), Tensor.of(y, 2 * n, 1)};
    }

    /**
     * Log loss of the margins m = y (x w + b): mean log(1 + e^-m), computed as max(0, -m) + log(1 + e^-|m|)
     * so that no exponential overflows.
     */
    static Tensor logLoss(Tensor x, Tensor y, Tensor w, Tensor b) {
        Tensor margin = x.matmul(w).add(b).mul(y);
        return margin.neg().max(0).add(margin.abs().neg().exp().add(1).log()).mean();
    }

    /** Runs {@code steps} steps of gradient descent {@code w <- w - lr grad}; returns the loss before each step and after the last. */
    public static double[] train(int steps, double lr, long seed) {
        Tensor[] data = blobs(200, seed);
        Tensor w = Tensor.zeros(DType.FLOAT64, 2, 1).requiresGrad(true);
        Tensor b = Tensor.zeros(DType.FLOAT64, 1).requiresGrad(true);
        double[] losses = new double[steps + 1];
        for (int t = 0; t < steps; t++) {
            Tensor loss = logLoss(data[0], data[1], w, b);
            losses[t] = loss.item();
            w.zeroGrad();
            b.zeroGrad();
            loss.backward();
            try (var scope = GradMode.disabled()) {
                w.addInPlace(w.grad(), -lr);
                b.addInPlace(b.grad(), -lr);
            }
        }
        losses[steps] = logLoss(data[0], data[1], w, b).item();
        return losses;
    }

    public static void main(String[] args) {
        System.out.println("Descent: logistic regression on two blobs, gradient descent with lr 0.5 (BLAS: "
                + Gemm.implementation() + ")");
        double[] losses = train(50, 0.5, 42);
        for (int t = 0; t < losses.length; t += 5) {
            System.out.printf("step %3d  loss %.6f%n", t, losses[t]);
        }
        System.out.printf("final     loss %.6f%n", losses[losses.length - 1]);
    }
}
