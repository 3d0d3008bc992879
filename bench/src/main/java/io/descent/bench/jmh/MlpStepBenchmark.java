package io.descent.bench.jmh;

import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One forward and backward pass of the 784-1000-1000-10 ReLU network of the Adam paper on a batch of 128,
 * written with tensor ops alone (weights [out, in] as in PyTorch, x W^T through the BLAS transpose flag).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MlpStepBenchmark {
    private static final int BATCH = 128;
    private Tensor x;
    private Tensor oneHot;
    private Tensor[] weights;
    private Tensor[] biases;

    @Setup
    public void setup() {
        Rng rng = new Rng(7);
        int[] sizes = {784, 1000, 1000, 10};
        weights = new Tensor[3];
        biases = new Tensor[3];
        for (int l = 0; l < 3; l++) {
            double bound = 1 / Math.sqrt(sizes[l]);
            weights[l] = Tensor.uniform(rng, -bound, bound, DType.FLOAT32, sizes[l + 1], sizes[l]).requiresGrad(true);
            biases[l] = Tensor.uniform(rng, -bound, bound, DType.FLOAT32, sizes[l + 1]).requiresGrad(true);
        }
        x = Tensor.uniform(rng, 0, 1, DType.FLOAT32, BATCH, 784);
        oneHot = Tensor.zeros(BATCH, 10);
        for (int i = 0; i < BATCH; i++) {
            oneHot.set(1, i, rng.nextInt(10));
        }
    }

    @Benchmark
    public double forwardBackward() {
        Tensor h = x;
        for (int l = 0; l < 3; l++) {
            h = h.matmul(weights[l], false, true).add(biases[l]);
            if (l < 2) {
                h = h.relu();
            }
        }
        Tensor loss = h.logSoftmax(1).mul(oneHot).sum().div(-BATCH);
        for (int l = 0; l < 3; l++) {
            weights[l].zeroGrad();
            biases[l].zeroGrad();
        }
        loss.backward();
        return loss.item();
    }
}
