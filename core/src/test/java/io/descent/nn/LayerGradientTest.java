package io.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import io.descent.testing.GradCheck;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every layer's gradients (input and parameters) against central finite differences in float64. */
class LayerGradientTest {
    private static final double TOLERANCE = 1e-6;
    private static final DType F64 = DType.FLOAT64;

    private static Tensor randn(long seed, int... shape) {
        return Tensor.randn(new Rng(seed), F64, shape);
    }

    /** Values at least 0.1 away from 0, so kinks at 0 are not straddled by the finite differences. */
    private static Tensor awayFromZero(long seed, int... shape) {
        Tensor t = randn(seed, shape);
        for (int i = 0; i < t.size(); i++) {
            double v = t.getFlat(i);
            t.setFlat(i, Math.copySign(Math.abs(v) + 0.1, v));
        }
        return t;
    }

    private static void check(Module m, Tensor x) {
        assertThat(ModuleGradCheck.maxError(m, x)).as(m.toString()).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void linearWithAndWithoutBiasOnMatricesAndOtherRanks() {
        check(new Linear(4, 3, true, F64, new Rng(1)), randn(2, 5, 4));
        check(new Linear(4, 3, false, F64, new Rng(1)), randn(2, 5, 4));
        check(new Linear(3, 2, true, F64, new Rng(1)), randn(3, 3));
        check(new Linear(3, 2, true, F64, new Rng(1)), randn(4, 2, 2, 3));
    }

    @ParameterizedTest(name = "in {0} out {1} kernel {2} stride {3} padding {4} bias {5} input {6}x{7}")
    @CsvSource({
        "1, 1, 3, 1, 0, true, 5, 5",
        "2, 3, 3, 2, 1, true, 7, 6",
        "3, 2, 2, 1, 2, false, 4, 5",
        "2, 2, 5, 3, 2, true, 8, 9",
        "1, 2, 1, 2, 0, true, 5, 4",
    })
    void conv2dWithStrideAndPadding(int in, int out, int k, int stride, int pad, boolean bias, int h, int w) {
        check(new Conv2d(in, out, k, stride, pad, bias, F64, new Rng(3)), randn(4, 2, in, h, w));
    }

    @Test
    void maxPoolFlattenAndSequentials() {
        check(new MaxPool2d(2), randn(5, 2, 3, 4, 5));
        check(new MaxPool2d(3, 2), randn(6, 1, 2, 7, 6));
        check(new Flatten(), randn(7, 2, 3, 2, 2));
        Rng rng = new Rng(8);
        check(new Sequential(new Conv2d(1, 3, 3, 1, 1, true, F64, rng), new BatchNorm2d(3, F64), new ELU(),
                new MaxPool2d(2), new Flatten(), new Linear(12, 5, true, F64, rng), new BatchNorm1d(5, F64),
                new Tanh(), new Linear(5, 2, true, F64, rng)), randn(9, 3, 1, 4, 4));
    }

    @Test
    void dropoutWithAFixedMask() {
        // A new layer from the same seed each time draws the same mask, so the function is fixed.
        Supplier<Dropout> layer = () -> new Dropout(0.4, new Rng(10));
        assertThat(GradCheck.maxError(t -> layer.get().forward(t[0]), randn(11, 4, 5))).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void activations() {
        Tensor x = awayFromZero(12, 3, 7);
        check(new ReLU(), x);
        check(new LeakyReLU(0.1), x);
        check(new Sigmoid(), x);
        check(new Tanh(), x);
        check(new Softplus(), x);
        check(new Softplus(2.5), x);
        check(new GELU(), x);
        check(new GELU(), randn(13, 40).mul(3));
        check(new ELU(), x);
        check(new ELU(0.5), x);
    }

    @Test
    void batchNormInTrainingMode() {
        check(new BatchNorm1d(3, F64), randn(14, 5, 3).mul(2).add(1));
        check(new BatchNorm1d(2, F64), randn(15, 3, 2, 4));
        check(new BatchNorm2d(3, F64), randn(16, 2, 3, 2, 3).mul(3).add(-2));
        check(new BatchNorm1d(3, 1e-5, 0.1, false, F64), randn(17, 4, 3));
        BatchNorm2d withWeights = new BatchNorm2d(2, F64);
        Fixtures.set(withWeights.weight().value(), Fixtures.load("batchnorm.json").get("cases").get(2).get("weight"));
        check(withWeights, randn(18, 3, 2, 2, 2));
    }

    @Test
    void batchNormInEvaluationMode() {
        BatchNorm1d bn = new BatchNorm1d(3, F64);
        bn.forward(randn(19, 6, 3).mul(2).add(3)); // moves the running statistics away from 0 and 1
        bn.eval();
        check(bn, randn(20, 4, 3));
        BatchNorm2d bn2 = new BatchNorm2d(2, F64);
        bn2.forward(randn(21, 3, 2, 2, 2).add(1));
        bn2.eval();
        check(bn2, randn(22, 2, 2, 3, 2));
    }
}
