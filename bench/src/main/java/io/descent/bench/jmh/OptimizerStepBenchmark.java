package io.descent.bench.jmh;

import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.optim.AdadeltaConfig;
import io.descent.optim.AdagradConfig;
import io.descent.optim.AdamConfig;
import io.descent.optim.AdamaxConfig;
import io.descent.optim.MomentumConfig;
import io.descent.optim.NadamConfig;
import io.descent.optim.Optimizer;
import io.descent.optim.Optimizers;
import io.descent.optim.RmspropConfig;
import io.descent.optim.SgdConfig;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.List;
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
 * One {@code step()} of every optimizer on the 1,796,010 float32 parameters of the 784-1000-1000-10 MLP (six
 * tensors), with gradients in place. Compare with {@link CopyBandwidthBenchmark}: the memory traffic of a
 * step (bytes read and written, e.g. Adam reads w, g, m, v and writes w, m, v: 28 bytes per parameter) divided
 * by the measured copy bandwidth is the least time the step can take.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OptimizerStepBenchmark {
    @Param({"sgd", "sgd-nesterov", "heavy-ball", "adagrad", "rmsprop", "adadelta", "adam", "adamw", "nadam", "adamax"})
    public String optimizer;

    private Optimizer opt;

    @Setup
    public void setup() {
        Module mlp = Models.mlp(784, 10).hidden(1000, 1000).seed(1).build();
        List<Parameter> ps = mlp.parameters();
        Rng rng = new Rng(2);
        for (Parameter p : ps) {
            p.value().setGrad(Tensor.randn(rng, DType.FLOAT32, p.value().shape().dims()).mul(1e-3));
        }
        opt = switch (optimizer) {
            case "sgd" -> Optimizers.sgd(ps, SgdConfig.defaults());
            case "sgd-nesterov" -> Optimizers.sgd(ps, SgdConfig.defaults().withMomentum(0.9).withNesterov(true));
            case "heavy-ball" -> Optimizers.heavyBall(ps, MomentumConfig.defaults());
            case "adagrad" -> Optimizers.adagrad(ps, AdagradConfig.defaults());
            case "rmsprop" -> Optimizers.rmsprop(ps, RmspropConfig.defaults());
            case "adadelta" -> Optimizers.adadelta(ps, AdadeltaConfig.defaults());
            case "adam" -> Optimizers.adam(ps, AdamConfig.defaults());
            case "adamw" -> Optimizers.adamw(ps, AdamConfig.adamwDefaults());
            case "nadam" -> Optimizers.nadam(ps, NadamConfig.defaults());
            case "adamax" -> Optimizers.adamax(ps, AdamaxConfig.defaults());
            default -> throw new IllegalArgumentException(optimizer);
        };
    }

    @Benchmark
    public Optimizer step() {
        opt.step();
        return opt;
    }
}
