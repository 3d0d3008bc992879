package io.descent.bench.jmh;

import dev.ludovic.netlib.blas.BLAS;
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
 * float32 n x n matrix products: {@code Tensor.matmul} against the same BLAS {@code sgemm} called directly
 * on preallocated arrays. GFLOP/s = 2 n^3 x (operations per second) / 1e9.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MatmulBenchmark {
    @Param({"256", "1024", "2048"})
    public int n;

    private Tensor a;
    private Tensor b;
    private float[] c;
    private final BLAS blas = BLAS.getInstance();

    @Setup
    public void setup() {
        a = Tensor.randn(new Rng(1), DType.FLOAT32, n, n);
        b = Tensor.randn(new Rng(2), DType.FLOAT32, n, n);
        c = new float[n * n];
    }

    @Benchmark
    public Tensor tensorMatmul() {
        return a.matmul(b);
    }

    @Benchmark
    public float[] blasDirect() {
        blas.sgemm("N", "N", n, n, n, 1f, b.floats(), n, a.floats(), n, 0f, c, n);
        return c;
    }
}
