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
 * Element-wise work over 1M float32 values, including the allocation of the result as a user sees it.
 * Bytes moved per op: add reads 2 x 4 MB and writes 4 MB; relu reads 4 MB and writes 4 MB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ElementWiseBenchmark {
    public static final int N = 1 << 20;

    private Tensor x;
    private Tensor y;

    @Setup
    public void setup() {
        x = Tensor.randn(new Rng(1), DType.FLOAT32, N);
        y = Tensor.randn(new Rng(2), DType.FLOAT32, N);
    }

    @Benchmark
    public Tensor add() {
        return x.add(y);
    }

    @Benchmark
    public Tensor relu() {
        return x.relu();
    }
}
