package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.Parallel;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What a {@link Slot} does for speed changes no number: a parameter large enough to be split across threads,
 * and one whose storage starts at an offset (worked on in a copy), take the same steps to the last bit as the
 * same values held in small dense parameters; and the parameter's gradient is never written (copy on write).
 */
class SlotTest {
    private static final int LARGE = 4 * Parallel.GRAIN + 37;
    private static final int PIECES = 8;

    private static Map<String, Function<List<Parameter>, Optimizer>> chains() {
        Map<String, Function<List<Parameter>, Optimizer>> all = new LinkedHashMap<>();
        all.put("sgd", ps -> Optimizers.sgd(ps, SgdConfig.defaults().withWeightDecay(1e-2)));
        all.put("sgd nesterov", ps -> Optimizers.sgd(ps, new SgdConfig(0.01, 0.9, 0, true, 0)));
        all.put("heavy ball", ps -> Optimizers.heavyBall(ps, MomentumConfig.defaults()));
        all.put("adagrad", ps -> Optimizers.adagrad(ps, AdagradConfig.defaults()));
        all.put("rmsprop", ps -> Optimizers.rmsprop(ps, new RmspropConfig(0.01, 0.99, 1e-8, 0, 0.9, true)));
        all.put("adadelta", ps -> Optimizers.adadelta(ps, AdadeltaConfig.defaults()));
        all.put("adam", ps -> Optimizers.adam(ps, AdamConfig.defaults()));
        all.put("amsgrad", ps -> Optimizers.adam(ps, AdamConfig.defaults().withAmsgrad(true).withWeightDecay(1e-4)));
        all.put("adamw clipped", ps -> Optimizers.adamw(ps, AdamConfig.adamwDefaults())
                .clipGradients(GradientClipping.byValue(1e-3)));
        all.put("nadam", ps -> Optimizers.nadam(ps, NadamConfig.defaults()));
        all.put("adamax", ps -> Optimizers.adamax(ps, AdamaxConfig.defaults()));
        all.put("radam", ps -> Optimizers.radam(ps, RadamConfig.defaults()));
        all.put("lion", ps -> Optimizers.lion(ps, LionConfig.defaults().withWeightDecay(0.1)));
        // not LAMB and LARS: their trust ratio is per tensor by design, so the pieces would step differently
        return all;
    }

    @Test
    void splitAndOffsetParametersStepLikeSmallDenseOnes() {
        for (var e : chains().entrySet()) {
            for (DType dtype : DType.values()) {
                Rng rng = new Rng(7);
                Tensor start = Tensor.randn(rng, dtype, LARGE);
                Tensor[] grads = new Tensor[3];
                for (int t = 0; t < grads.length; t++) {
                    grads[t] = Tensor.randn(rng, dtype, LARGE);
                }
                Parameter large = new Parameter("large", start.copy());
                // The same values after one padding element: a leaf view whose storage starts at offset 1.
                Tensor padded = Tensor.concat(0, Tensor.zeros(dtype, 1), start).detach();
                Parameter shifted = new Parameter("shifted", padded.sliceRows(1, LARGE + 1).detach());
                List<Parameter> pieces = new ArrayList<>();
                int size = LARGE / PIECES + 1;
                for (int from = 0; from < LARGE; from += size) {
                    pieces.add(new Parameter("piece", start.sliceRows(from, Math.min(LARGE, from + size)).copy()));
                }
                Optimizer a = e.getValue().apply(List.of(large));
                Optimizer b = e.getValue().apply(List.of(shifted));
                Optimizer c = e.getValue().apply(pieces);
                for (Tensor g : grads) {
                    large.value().setGrad(g.copy());
                    shifted.value().setGrad(g.copy());
                    int from = 0;
                    for (Parameter p : pieces) {
                        p.value().setGrad(g.sliceRows(from, from + p.size()).copy());
                        from += p.size();
                    }
                    a.step();
                    b.step();
                    c.step();
                    assertSameValues(large.grad(), g.toDoubleArray(), e.getKey() + ": the gradient is left as it was");
                }
                double[] expected = Tensor.concat(0, pieces.stream().map(Parameter::value).toArray(Tensor[]::new))
                        .toDoubleArray();
                assertSameValues(large.value(), expected, e.getKey() + " " + dtype + " split across threads");
                assertSameValues(shifted.value(), expected, e.getKey() + " " + dtype + " at an offset");
                assertThat(padded.getFlat(0)).isZero();
            }
        }
    }

    /** Bit for bit, naming the first element that differs (AssertJ's array comparison is slow at this size). */
    private static void assertSameValues(Tensor actual, double[] expected, String what) {
        double[] a = actual.toDoubleArray();
        assertThat(a).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(expected[i])) {
                assertThat(a[i]).as("%s: element %d", what, i).isEqualTo(expected[i]);
            }
        }
    }
}
