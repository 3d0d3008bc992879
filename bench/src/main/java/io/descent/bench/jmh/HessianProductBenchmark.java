package io.descent.bench.jmh;

import io.descent.curvature.HessianOperator;
import io.descent.curvature.Hessians;
import io.descent.curvature.ParameterVector;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.nn.Tanh;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * A Hessian-vector product from {@code Hessians.of} against one gradient of the same full-batch loss: a float64
 * tanh MLP (inputs -> hidden -> hidden -> 10, cross-entropy) on {@code batch} rows. Products by differences of
 * gradients cost two gradients; exact products (Pearlmutter) should cost a small constant times one, and this
 * ratio is what to compare when {@code Hessians.of} switches.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HessianProductBenchmark {
    @Param({"1000"})
    public int batch;

    @Param({"64"})
    public int inputs;

    @Param({"64"})
    public int hidden;

    private ParameterVector vector;
    private Supplier<Tensor> loss;
    private HessianOperator hessian;
    private double[] v;
    private double[] out;

    @Setup
    public void setup() {
        Module model = Models.mlp(inputs, 10).hidden(hidden, hidden).activation(Tanh::new).dtype(DType.FLOAT64)
                .seed(1).build();
        Rng rng = new Rng(2);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, batch, inputs);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = rng.nextInt(10);
        }
        Tensor y = io.descent.data.Dataset.classification(x.to(DType.FLOAT32), labels, 10).targets();
        CrossEntropyLoss ce = new CrossEntropyLoss();
        loss = () -> ce.apply(model.forward(x), y);
        vector = new ParameterVector(model.parameters());
        hessian = Hessians.of(model.parameters(), loss);
        v = new double[hessian.dimension()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        out = new double[v.length];
    }

    @Benchmark
    public double[] gradient() {
        vector.gradient(loss, out);
        return out;
    }

    @Benchmark
    public double[] hessianVectorProduct() {
        hessian.apply(v, out);
        return out;
    }
}
