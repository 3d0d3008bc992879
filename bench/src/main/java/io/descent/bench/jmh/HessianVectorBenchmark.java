package io.descent.bench.jmh;

import io.descent.curvature.ExactHessian;
import io.descent.curvature.HessianOperator;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.BatchNorm1d;
import io.descent.nn.Conv2d;
import io.descent.nn.Flatten;
import io.descent.nn.Linear;
import io.descent.nn.MaxPool2d;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.nn.ReLU;
import io.descent.nn.Sequential;
import io.descent.nn.Tanh;
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
 * The cost of one exact Hessian-vector product ({@link ExactHessian}, double backward) against one gradient
 * (forward + backward) of the same float64 network and batch of 128: an MLP 784-256-256-10 with tanh, the same
 * with BatchNorm in training mode, and a small CNN (conv 5x5 8 - ReLU - maxpool 2 - 10 classes) on 28x28.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HessianVectorBenchmark {
    private static final int BATCH = 128;

    @Param({"mlp", "mlp-bn", "cnn"})
    public String model;

    private Module net;
    private Tensor x;
    private Tensor labels;
    private HessianOperator hessian;
    private double[] v;
    private double[] out;

    @Setup
    public void setup() {
        Rng rng = new Rng(11);
        DType f64 = DType.FLOAT64;
        net = switch (model) {
            case "mlp" -> new Sequential(new Linear(784, 256, true, f64, rng), new Tanh(),
                    new Linear(256, 256, true, f64, rng), new Tanh(), new Linear(256, 10, true, f64, rng));
            case "mlp-bn" -> new Sequential(new Linear(784, 256, true, f64, rng), new BatchNorm1d(256, f64), new Tanh(),
                    new Linear(256, 256, true, f64, rng), new BatchNorm1d(256, f64), new Tanh(),
                    new Linear(256, 10, true, f64, rng));
            case "cnn" -> new Sequential(new Conv2d(1, 8, 5, 1, 2, true, f64, rng), new ReLU(), new MaxPool2d(2),
                    new Flatten(), new Linear(8 * 14 * 14, 10, true, f64, rng));
            default -> throw new IllegalArgumentException("model: mlp, mlp-bn or cnn, got " + model);
        };
        x = model.equals("cnn") ? Tensor.uniform(rng, 0, 1, f64, BATCH, 1, 28, 28)
                : Tensor.uniform(rng, 0, 1, f64, BATCH, 784);
        double[] y = new double[BATCH];
        for (int i = 0; i < BATCH; i++) {
            y[i] = rng.nextInt(10);
        }
        labels = Tensor.of(y, BATCH);
        hessian = ExactHessian.of(net.parameters(), this::loss);
        v = new double[hessian.dimension()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        out = new double[v.length];
    }

    private Tensor loss() {
        return new CrossEntropyLoss().apply(net.forward(x), labels);
    }

    @Benchmark
    public double gradient() {
        for (Parameter p : net.parameters()) {
            p.zeroGrad();
        }
        Tensor l = loss();
        l.backward();
        return l.item();
    }

    @Benchmark
    public double hessianVectorProduct() {
        hessian.apply(v, out);
        return out[0];
    }
}
