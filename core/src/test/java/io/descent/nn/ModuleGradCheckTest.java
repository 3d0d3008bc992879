package io.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The checker itself catches wrong derivatives, of the input and of a parameter. */
class ModuleGradCheckTest {

    /** y = w x with a backward that doubles the weight's gradient. */
    static final class WrongWeightGradient extends Module {
        final Parameter w = registerParameter("w", Tensor.of(new double[] {1.5}, 1));

        @Override
        public Tensor forward(Tensor x) {
            Tensor wv = w.value();
            Tensor y = Tensor.wrap(new double[] {wv.getFlat(0) * x.getFlat(0)}, 1);
            return Tensor.record("wrong", y, g -> new Tensor[] {g.mul(wv.getFlat(0)), g.mul(2 * x.getFlat(0))}, x, wv);
        }
    }

    @Test
    void detectsAWrongParameterGradient() {
        assertThat(ModuleGradCheck.maxError(new WrongWeightGradient(), Tensor.of(new double[] {0.7}, 1))).isGreaterThan(0.1);
        assertThat(ModuleGradCheck.maxError(new Linear(2, 2, true, DType.FLOAT64, new Rng(0)),
                Tensor.randn(new Rng(1), DType.FLOAT64, 3, 2))).isLessThan(1e-8);
    }
}
