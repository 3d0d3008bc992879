package io.descent.bench.jmh;

import io.descent.loss.CrossEntropyLoss;
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
 * Softmax cross-entropy on logits [batch, 10] with integer labels: the loss alone, and the loss with its
 * gradient (what every training step of the benchmark pays once). The batch of 128 is the training step's;
 * 8192 shows the per-element cost once the fixed cost per call is amortized.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SoftmaxCrossEntropyBenchmark {
    @Param({"128", "8192"})
    public int batch;

    private final CrossEntropyLoss loss = new CrossEntropyLoss();
    private Tensor logits;
    private Tensor labels;

    @Setup
    public void setup() {
        Rng rng = new Rng(1);
        logits = Tensor.randn(rng, DType.FLOAT32, batch, 10).mul(3).requiresGrad(true);
        float[] y = new float[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = rng.nextInt(10);
        }
        labels = Tensor.wrap(y, batch);
    }

    @Benchmark
    public Tensor forward() {
        return loss.apply(logits.detach(), labels);
    }

    @Benchmark
    public Tensor forwardBackward() {
        logits.zeroGrad();
        loss.apply(logits, labels).backward();
        return logits.grad();
    }
}
