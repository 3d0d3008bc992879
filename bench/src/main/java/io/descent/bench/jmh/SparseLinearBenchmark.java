package io.descent.bench.jmh;

import io.descent.data.CsrMatrix;
import io.descent.loss.Labels;
import io.descent.loss.LogLoss;
import io.descent.loss.Reduction;
import io.descent.nn.Linear;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.nn.ReLU;
import io.descent.nn.Sequential;
import io.descent.optim.AdagradConfig;
import io.descent.optim.Optimizer;
import io.descent.optim.Optimizers;
import io.descent.optim.SgdConfig;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.Arrays;
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
 * One SGD step on sparse rows (LIBSVM-like: batch 256, 30 non-zeros per row at uniformly random columns of D):
 * forward through {@code forwardSparse}, log loss, backward, SGD update. {@code out = 1} is logistic
 * regression, Linear(D, 1); {@code out = 64} an MLP, Linear(D, 64), ReLU, Linear(64, 1). Rows/s = 256 / step.
 *
 * <p>{@link #forwardBackward} leaves out the update, and {@link #clearGradient} is the memset of W's gradient
 * buffer (D x out) alone, which a full clear costs: together they show what the dense parts of a step
 * (clearing dW, updating every weight) cost next to the sparse ones.
 *
 * <p>{@code path = lazy} is the default behaviour: SGD and AdaGrad step only the columns the batch touched
 * and the next backward clears only those (lazy sparse updates, {@code GradientSupport}). {@code path = dense}
 * reads W's gradient through {@code grad()} before each step, which forgets its support, so the step and the
 * next clear run over all of W, as before lazy updates: the same run both ways, in one process.
 *
 * <p>Measured (2 shared cores, load 7-10, {@code -bm sample}, best and median of a few thousand steps, us):
 * D = 10^5, out = 1: a batch lists 7,400 columns (7%), above {@code GradientSupport.paysOff}'s 1 in 32, so
 * both paths are the full pass (47-59 best, 95-126 median either way); before that threshold the sparse step
 * lost (sgd 65 vs 54 best, 102 vs 59 median). D = 10^6, out = 1 (0.7%): sgd 179 vs 215 best, adagrad 286 vs
 * 290 (the random accesses into 4 MB arrays, which both paths make, dominate). D = 10^6, out = 64: sgd
 * 17.5 ms vs 39.5 ms best, adagrad 24 ms vs 49 ms.
 *
 * <pre>
 * java -jar bench/target/descent-benchmarks.jar SparseLinearBenchmark -f 1 -wi 2 -i 3
 * java -jar bench/target/descent-benchmarks.jar 'SparseLinearBenchmark.step$' -p features=100000 -p out=1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class SparseLinearBenchmark {
    private static final int BATCH = 256;
    private static final int NNZ_PER_ROW = 30;
    private static final int BATCHES = 16;

    @Param({"100000", "1000000"})
    public int features;

    @Param({"1", "64"})
    public int out;

    @Param({"sgd", "adagrad"})
    public String optimizer;

    @Param({"lazy", "dense"})
    public String path;

    private Module model;
    private Optimizer sgd;
    private CsrMatrix[] batches;
    private Tensor[] labels;
    private final LogLoss loss = new LogLoss(Labels.ZERO_ONE, Reduction.MEAN);
    private float[] gradient;
    private Parameter weight;
    private int next;

    @Setup
    public void setup() {
        Rng rng = new Rng(7);
        Linear first = new Linear(features, out, true, rng);
        model = out == 1 ? first : new Sequential(first, new ReLU(), new Linear(out, 1, true, rng));
        sgd = optimizer.equals("sgd")
                ? Optimizers.sgd(model.parameters(), SgdConfig.defaults().withLr(0.05))
                : Optimizers.adagrad(model.parameters(), AdagradConfig.defaults().withLr(0.05));
        weight = first.weight();
        batches = new CsrMatrix[BATCHES];
        labels = new Tensor[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            batches[b] = batch(rng);
            labels[b] = Tensor.zeros(BATCH);
            for (int r = 0; r < BATCH; r++) {
                labels[b].set(rng.nextDouble() < 0.5 ? 0 : 1, r);
            }
        }
        step();
        gradient = first.weight().value().peekGrad().floats();
    }

    /** 256 rows of 30 distinct increasing columns each, values N(0, 1). */
    private CsrMatrix batch(Rng rng) {
        int[] ptr = new int[BATCH + 1];
        int[] cols = new int[BATCH * NNZ_PER_ROW];
        float[] values = new float[cols.length];
        for (int r = 0; r < BATCH; r++) {
            int at = r * NNZ_PER_ROW;
            int n = 0;
            while (n < NNZ_PER_ROW) {
                int c = rng.nextInt(features);
                boolean seen = false;
                for (int i = 0; i < n; i++) {
                    seen |= cols[at + i] == c;
                }
                if (!seen) {
                    cols[at + n++] = c;
                }
            }
            Arrays.sort(cols, at, at + NNZ_PER_ROW);
            for (int i = 0; i < NNZ_PER_ROW; i++) {
                values[at + i] = (float) rng.nextGaussian();
            }
            ptr[r + 1] = at + NNZ_PER_ROW;
        }
        return new CsrMatrix(BATCH, features, ptr, cols, values);
    }

    /** The whole step: zero the gradients, forward, log loss, backward, update. */
    @Benchmark
    public double step() {
        double l = forwardBackward();
        if (path.equals("dense")) {
            weight.grad();           // forgets the support: the full pass and a full clear next time
        }
        sgd.step();
        return l;
    }

    /** The step without the update (the memset of dW is in it: the optimizer zeroed the gradients lazily). */
    @Benchmark
    public double forwardBackward() {
        int b = next++ % BATCHES;
        sgd.zeroGrad();
        Tensor l = loss.apply(model.forwardSparse(batches[b]), labels[b]);
        l.backward();
        return l.item();
    }

    /** What lazy zeroing costs per step: clearing the first layer's D x out gradient buffer. */
    @Benchmark
    public float clearGradient() {
        Arrays.fill(gradient, 0f);
        return gradient[next++ % gradient.length];
    }
}
