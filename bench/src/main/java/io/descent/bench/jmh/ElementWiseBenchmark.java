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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Element-wise work over n float32 values, including the allocation of the result as a user sees it.
 * Bytes moved per op: add reads 2 x 4n and writes 4n; relu reads 4n and writes 4n; relu forward and backward
 * moves twice that. Run with {@code -jvmArgsAppend -Ddescent.threads=1} and {@code =2} to see where splitting
 * across the cores pays ({@code io.descent.tensor.Parallel.GRAIN}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ElementWiseBenchmark {
    @Param({"16384", "131072", "1048576", "4194304"})
    public int n;

    private Tensor x;
    private Tensor y;
    private Tensor leaf;
    private Tensor upstream;

    @Setup
    public void setup() {
        x = Tensor.randn(new Rng(1), DType.FLOAT32, n);
        y = Tensor.randn(new Rng(2), DType.FLOAT32, n);
        leaf = Tensor.randn(new Rng(3), DType.FLOAT32, n).requiresGrad(true);
        upstream = Tensor.randn(new Rng(4), DType.FLOAT32, n);
    }

    @Benchmark
    public Tensor add() {
        return x.add(y);
    }

    @Benchmark
    public Tensor relu() {
        return x.relu();
    }

    /** ReLU forward, then backward into a leaf whose gradient is reset first (as zeroGrad does). */
    @Benchmark
    public Tensor reluForwardBackward() {
        leaf.zeroGrad();
        leaf.relu().backward(upstream);
        return leaf.grad();
    }
}
