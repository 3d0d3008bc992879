package io.descent.bench;

import java.util.Arrays;

/**
 * The five workloads of the benchmark (issue 7), all float32 on Fashion-MNIST. Each has a name shared with
 * the PyTorch peer ({@code bench/peers/torch_workload.py}), its batch size, and default step counts sized so
 * that one run's timed region lasts a few seconds on two cores: untimed warm-up steps (the JIT compiles the
 * hot loops during them), then timed steps.
 */
public enum Workload {
    LOGREG("logreg-adam", "logistic regression 784-10, Adam", 128, 1000, 4690, Flops.training(Flops.linear(784, 10))),
    MLP("mlp-adam", "MLP 784-1000-1000-10, Adam", 128, 40, 300, Flops.training(Workload.mlpForward())),
    MLP_BN("mlp-bn-sgd-nesterov", "MLP + BatchNorm, SGD Nesterov", 128, 40, 300,
            Flops.training(Workload.mlpForward())),
    CNN("cnn-adam", "CNN conv32-conv64-256-10, Adam", 128, 6, 30, Flops.training(Workload.cnnForward())),
    INFERENCE("mlp-inference", "MLP inference, batch 1000", 1000, 30, 300, Workload.mlpForward());

    public final String id;
    public final String title;
    public final int batch;
    public final int warmup;
    public final int steps;
    /** Float32 operations of one sample's step (its products, see {@link Flops}): for GFLOP/s from samples/s. */
    public final long flopsPerSample;

    Workload(String id, String title, int batch, int warmup, int steps, long flopsPerSample) {
        this.id = id;
        this.title = title;
        this.batch = batch;
        this.warmup = warmup;
        this.steps = steps;
        this.flopsPerSample = flopsPerSample;
    }

    /** The GFLOP/s that {@code samplesPerS} samples a second achieve. */
    public double gflops(double samplesPerS) {
        return samplesPerS * flopsPerSample / 1e9;
    }

    /** The MLP 784-1000-1000-10 forward on one sample. */
    private static long mlpForward() {
        return Flops.linear(784, 1000) + Flops.linear(1000, 1000) + Flops.linear(1000, 10);
    }

    /** The CNN: conv 5x5 1->32 on 28x28, pool, conv 5x5 32->64 on 14x14, pool, 3136-256, 256-10. */
    private static long cnnForward() {
        return Flops.conv2d(1, 32, 5, 28, 28) + Flops.conv2d(32, 64, 5, 14, 14) + Flops.linear(64 * 7 * 7, 256)
                + Flops.linear(256, 10);
    }

    /** The workload with this id, e.g. {@code mlp-adam}. */
    public static Workload byId(String id) {
        return Arrays.stream(values()).filter(w -> w.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown workload '" + id + "'; one of "
                        + Arrays.stream(values()).map(w -> w.id).toList()));
    }
}
