package io.descent.bench;

import java.util.Arrays;

/**
 * The five workloads of the benchmark (issue 7), all float32 on Fashion-MNIST. Each has a name shared with
 * the PyTorch peer ({@code bench/peers/torch_workload.py}), its batch size, and default step counts sized so
 * that one run's timed region lasts a few seconds on two cores: untimed warm-up steps (the JIT compiles the
 * hot loops during them), then timed steps.
 */
public enum Workload {
    LOGREG("logreg-adam", "logistic regression 784-10, Adam", 128, 1000, 4690),
    MLP("mlp-adam", "MLP 784-1000-1000-10, Adam", 128, 40, 300),
    MLP_BN("mlp-bn-sgd-nesterov", "MLP + BatchNorm, SGD Nesterov", 128, 40, 300),
    CNN("cnn-adam", "CNN conv32-conv64-256-10, Adam", 128, 6, 30),
    INFERENCE("mlp-inference", "MLP inference, batch 1000", 1000, 30, 300);

    public final String id;
    public final String title;
    public final int batch;
    public final int warmup;
    public final int steps;

    Workload(String id, String title, int batch, int warmup, int steps) {
        this.id = id;
        this.title = title;
        this.batch = batch;
        this.warmup = warmup;
        this.steps = steps;
    }

    /** The workload with this id, e.g. {@code mlp-adam}. */
    public static Workload byId(String id) {
        return Arrays.stream(values()).filter(w -> w.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown workload '" + id + "'; one of "
                        + Arrays.stream(values()).map(w -> w.id).toList()));
    }
}
