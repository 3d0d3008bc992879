package io.descent.bench.jmh;

import io.descent.nn.Conv2d;
import io.descent.tensor.DType;
import io.descent.tensor.Im2col;
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
 * The convolutions of the benchmark CNN on a batch of 128: im2col and col2im over the whole batch (in blocks
 * as Conv2d uses them), and the layer's forward and forward + backward. {@code conv1} is 1 -> 32 channels on
 * 28x28, {@code conv2} 32 -> 64 on 14x14, both 5x5 with padding 2. The patch matrix of conv2 holds 800 x 196
 * values per sample (20M for the batch), so im2col writes 80 MB: its time over that is its bandwidth.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConvBenchmark {
    private static final int BATCH = 128;

    @Param({"conv1", "conv2"})
    public String layer;

    private Im2col geo;
    private Conv2d conv;
    private Tensor x;
    private Tensor leafX;
    private Tensor upstream;
    private Tensor cols;
    private int block;

    @Setup
    public void setup() {
        boolean first = layer.equals("conv1");
        int c = first ? 1 : 32;
        int hw = first ? 28 : 14;
        geo = new Im2col(c, hw, hw, 5, 1, 2);
        conv = new Conv2d(c, first ? 32 : 64, 5, 1, 2, true, DType.FLOAT32, new Rng(1));
        x = Tensor.randn(new Rng(2), DType.FLOAT32, BATCH, c, hw, hw);
        leafX = x.copy().requiresGrad(!first);
        upstream = Tensor.randn(new Rng(3), DType.FLOAT32, BATCH, first ? 32 : 64, hw, hw);
        block = Math.max(1, (1 << 22) / (geo.rows() * geo.positions()));   // as Conv2d: blocks of up to 4M values
        cols = Tensor.zeros(geo.rows() * block * geo.positions());
    }

    @Benchmark
    public Tensor im2col() {
        for (int first = 0; first < BATCH; first += block) {
            geo.im2col(x, first, Math.min(block, BATCH - first), cols);
        }
        return cols;
    }

    @Benchmark
    public Tensor col2im() {
        Tensor dx = Tensor.zeros(DType.FLOAT32, BATCH, geo.channels, geo.h, geo.w);
        for (int first = 0; first < BATCH; first += block) {
            geo.col2im(cols, first, Math.min(block, BATCH - first), dx);
        }
        return dx;
    }

    @Benchmark
    public Tensor forward() {
        return conv.forward(x);
    }

    /** Forward and backward; the input gradient only for conv2 (conv1's input is the data). */
    @Benchmark
    public Tensor forwardBackward() {
        conv.zeroGrad();
        conv.forward(leafX).backward(upstream);
        return conv.weight().grad();
    }
}
