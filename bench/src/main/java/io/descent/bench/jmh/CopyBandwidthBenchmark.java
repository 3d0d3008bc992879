package io.descent.bench.jmh;

import io.descent.tensor.Parallel;
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
 * Copy bandwidth, the yardstick of memory-bound kernels: {@code System.arraycopy} of n floats on one thread and
 * split over {@link Parallel#THREADS}. Bytes moved = 8n (read n floats, write n; write-allocate not counted,
 * the STREAM convention), so GB/s = 8n / time. n = 3.6M copies a 14.4 MB array into another: the same 28.8 MB
 * footprint as Adam's four arrays (w, g, m, v) over 1.8M parameters; n = 64M is far beyond the caches.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CopyBandwidthBenchmark {
    @Param({"3592020", "67108864"})
    public int n;

    private float[] src;
    private float[] dst;

    @Setup
    public void setup() {
        src = new float[n];
        dst = new float[n];
        for (int i = 0; i < n; i++) {
            src[i] = i;
        }
    }

    @Benchmark
    public float[] copyOneThread() {
        System.arraycopy(src, 0, dst, 0, n);
        return dst;
    }

    @Benchmark
    public float[] copyAllThreads() {
        Parallel.forRange(n, Parallel.GRAIN, (from, to) -> System.arraycopy(src, from, dst, from, to - from));
        return dst;
    }
}
