package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A step allocates nothing: buffers and states are made when the optimizer is built, the kernels loop over
 * primitive arrays. Measured with the JVM's per-thread allocation counter over many steps, after a
 * warm-up, for every chain and both element types.
 */
class AllocationTest {

    @Test
    void aStepAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, Function<List<Parameter>, Optimizer>> all = new LinkedHashMap<>();
        all.put("sgd nesterov", ps -> Optimizers.sgd(ps, new SgdConfig(0.01, 0.9, 0, true, 1e-4)));
        all.put("heavy ball", ps -> Optimizers.heavyBall(ps, MomentumConfig.defaults()));
        all.put("adagrad", ps -> Optimizers.adagrad(ps, AdagradConfig.defaults()));
        all.put("rmsprop", ps -> Optimizers.rmsprop(ps, new RmspropConfig(0.01, 0.99, 1e-8, 0, 0.9, true)));
        all.put("adadelta", ps -> Optimizers.adadelta(ps, AdadeltaConfig.defaults()));
        all.put("adam", ps -> Optimizers.adam(ps, AdamConfig.defaults().withAmsgrad(true).withWeightDecay(1e-4)));
        all.put("adamw clipped", ps -> Optimizers.adamw(ps, AdamConfig.adamwDefaults())
                .clipGradients(GradientClipping.byGlobalNorm(1)));
        all.put("nadam", ps -> Optimizers.nadam(ps, NadamConfig.defaults()));
        all.put("adamax", ps -> Optimizers.adamax(ps, AdamaxConfig.defaults()));
        all.put("radam", ps -> Optimizers.radam(ps, RadamConfig.defaults().withWeightDecay(1e-4)));
        all.put("lion", ps -> Optimizers.lion(ps, LionConfig.defaults().withWeightDecay(0.1)));
        all.put("lamb", ps -> Optimizers.lamb(ps, LambConfig.defaults()));
        all.put("lars", ps -> Optimizers.lars(ps, LarsConfig.defaults()));
        for (var e : all.entrySet()) {
            for (DType dtype : DType.values()) {
                Rng rng = new Rng(1);
                List<Parameter> ps = List.of(new Parameter("w", Tensor.randn(rng, dtype, 64, 32)),
                        new Parameter("b", Tensor.randn(rng, dtype, 32)));
                for (Parameter p : ps) {
                    p.value().setGrad(Tensor.randn(rng, dtype, p.value().shape().dims()));
                }
                Optimizer opt = e.getValue().apply(ps);
                for (int t = 0; t < 3000; t++) {
                    opt.step();
                }
                long allocated = Long.MAX_VALUE;
                for (int round = 0; round < 3; round++) {       // the least of three rounds: a JIT event may allocate
                    long before = threads.getCurrentThreadAllocatedBytes();
                    for (int t = 0; t < 1000; t++) {
                        opt.step();
                    }
                    allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
                }
                assertThat(allocated).as("%s %s: bytes allocated by 1000 steps", e.getKey(), dtype).isLessThan(1000);
            }
        }
    }
}
