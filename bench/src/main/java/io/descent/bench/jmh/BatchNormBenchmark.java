package io.descent.bench.jmh;

import io.descent.nn.BatchNorm1d;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batch normalization of a float32 [batch, features] tensor in training mode, as in the benchmark MLP
 * (workload mlp-bn-sgd-nesterov: 128 x 1000): the forward pass alone, and forward then backward. Each pass
 * reads or writes 4 x batch x features bytes per tensor it touches: the forward pass makes three passes
 * (mean, variance, the affine map), the backward two (the gradient sums, the affine map).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BatchNormBenchmark {
    @Param({"128"})
    public int batch;

    @Param({"1000"})
    public int features;

    private BatchNorm1d layer;
    private Tensor x;
    private Tensor upstream;

    @Setup
    public void setup() {
        layer = new BatchNorm1d(features);
        x = Tensor.randn(new Rng(1), DType.FLOAT32, batch, features).requiresGrad(true);
        upstream = Tensor.randn(new Rng(2), DType.FLOAT32, batch, features);
    }

    @Benchmark
    public Tensor forward() {
        return layer.forward(x.detach());
    }

    @Benchmark
    public Tensor forwardBackward() {
        x.zeroGrad();
        layer.forward(x).backward(upstream);
        return x.grad();
    }
}
