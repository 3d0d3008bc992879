package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.autograd.GradMode;
import io.descent.data.CsrMatrix;
import io.descent.nn.Linear;
import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.GradientSupport;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Lazy sparse steps: a run whose weight only a sparse layer writes steps sparsely with SGD and AdaGrad and
 * ends with the same weights, bit for bit, as the same run forced through the full pass (by reading every
 * gradient through grad(), which forgets its support); methods where a zero gradient still moves something
 * (Adam, momentum, weight decay, clipping, AdaGrad with eps = 0) keep the full pass.
 */
class LazySparseStepTest {
    private static final int IN = 2000;
    private static final int STEPS = 12;

    /** How a run uses its weight besides the sparse layer. */
    private enum Use {
        SPARSE_ONLY,
        /** Every third step also adds a dense Linear pass on the same weight, every third + 1 an L2 term. */
        MIXED
    }

    private record Run(int[] bits, long sparseSteps, int[] initialBits) {
    }

    private static Run train(DType dtype, int out, Use use, boolean forceDense,
            Function<List<Parameter>, ChainOptimizer> make) {
        return train(dtype, out, use, forceDense, 3, make);
    }

    /** @param nnz non-zeros per row: 3 lists about 36 columns a step (under 1 in 32 of IN), 20 about 240 */
    private static Run train(DType dtype, int out, Use use, boolean forceDense, int nnz,
            Function<List<Parameter>, ChainOptimizer> make) {
        Linear layer = new Linear(IN, out, true, dtype, new Rng(1));
        int[] initial = bits(layer.parameters());
        ChainOptimizer opt = make.apply(layer.parameters());
        Rng data = new Rng(2);
        for (int s = 0; s < STEPS; s++) {
            opt.zeroGrad();
            for (int micro = 0; micro < 2; micro++) {            // accumulation over two micro-batches
                CsrMatrix x = batch(data, 6, nnz);
                Tensor y = layer.forwardSparse(x);
                Tensor target = Tensor.uniform(data, -1, 1, dtype, y.shape().dims());
                Tensor loss = y.sub(target).pow(2).mean();
                if (use == Use.MIXED && s % 3 == 1) {
                    Tensor dense = layer.forward(x.toDense(dtype));
                    loss = loss.add(dense.mul(dense).mean().mul(0.1));
                } else if (use == Use.MIXED && s % 3 == 2) {
                    Tensor w = layer.weight().value();
                    loss = loss.add(w.mul(w).sum().mul(1e-3));
                }
                loss.backward();
            }
            if (forceDense) {
                for (Parameter p : layer.parameters()) {
                    p.grad();
                }
            }
            opt.step();
        }
        return new Run(bits(layer.parameters()), opt.sparseSteps(), initial);
    }

    /** rows sparse rows of IN columns with about nnz distinct columns each, random values. */
    private static CsrMatrix batch(Rng rng, int rows, int nnz) {
        int[] ptr = new int[rows + 1];
        int[] col = new int[rows * nnz];
        float[] val = new float[rows * nnz];
        int k = 0;
        for (int r = 0; r < rows; r++) {
            int c = (int) (rng.nextDouble() * 10);
            for (int q = 0; q < nnz && c < IN; q++) {
                col[k] = c;
                val[k++] = (float) rng.nextGaussian();
                c += 1 + (int) (rng.nextDouble() * (2 * IN / nnz - 2));
            }
            ptr[r + 1] = k;
        }
        return new CsrMatrix(rows, IN, ptr, Arrays.copyOf(col, k), Arrays.copyOf(val, k));
    }

    /** Every parameter value's raw bits, weights then bias. */
    private static int[] bits(List<Parameter> ps) {
        int n = ps.stream().mapToInt(Parameter::size).sum();
        int[] out = new int[2 * n];
        int at = 0;
        for (Parameter p : ps) {
            for (int i = 0; i < p.size(); i++) {
                long b = Double.doubleToRawLongBits(p.value().getFlat(i));
                out[at++] = (int) (b >>> 32);
                out[at++] = (int) b;
            }
        }
        return out;
    }

    private static void assertSameAsDense(String what, Function<List<Parameter>, ChainOptimizer> make, boolean sparse) {
        for (DType dtype : DType.values()) {
            for (int out : new int[] {1, 3}) {
                for (Use use : Use.values()) {
                    String label = what + " " + dtype + " out=" + out + " " + use;
                    Run lazy = train(dtype, out, use, false, make);
                    Run dense = train(dtype, out, use, true, make);
                    assertThat(lazy.bits()).as(label + ": moved").isNotEqualTo(lazy.initialBits());
                    assertThat(lazy.bits()).as(label + ": same weights").isEqualTo(dense.bits());
                    assertThat(dense.sparseSteps()).as(label + ": forced dense").isZero();
                    if (!sparse) {
                        assertThat(lazy.sparseSteps()).as(label + ": full pass").isZero();
                    } else if (use == Use.SPARSE_ONLY) {
                        assertThat(lazy.sparseSteps()).as(label + ": every weight step sparse").isEqualTo(STEPS);
                    } else {
                        // steps 1, 4, 7, 10 and 2, 5, 8, 11 write the weight densely; the other four stay sparse
                        assertThat(lazy.sparseSteps()).as(label + ": sparse between dense uses").isEqualTo(STEPS / 3);
                    }
                }
            }
        }
    }

    @Test
    void plainSgdStepsSparselyWithTheSameWeightsAsTheFullPass() {
        assertSameAsDense("sgd", ps -> Optimizers.sgd(ps, SgdConfig.defaults().withLr(0.3)), true);
    }

    @Test
    void adagradStepsSparselyWithTheSameWeightsAsTheFullPass() {
        assertSameAsDense("adagrad", ps -> Optimizers.adagrad(ps, AdagradConfig.defaults().withLr(0.5)), true);
        assertSameAsDense("adagrad lr decay", ps -> Optimizers.adagrad(ps, AdagradConfig.defaults().withLr(0.5)
                .withLrDecay(0.1).withInitialAccumulatorValue(0.1)), true);
    }

    @Test
    void methodsWhereAZeroGradientStillMovesSomethingKeepTheFullPass() {
        assertSameAsDense("adam", ps -> Optimizers.adam(ps, AdamConfig.defaults().withLr(0.05)), false);
        assertSameAsDense("momentum", ps -> Optimizers.sgd(ps, SgdConfig.defaults().withLr(0.1).withMomentum(0.9)),
                false);
        assertSameAsDense("weight decay", ps -> Optimizers.sgd(ps, SgdConfig.defaults().withLr(0.1)
                .withWeightDecay(0.01)), false);
        assertSameAsDense("clipped", ps -> Optimizers.sgd(ps, SgdConfig.defaults().withLr(0.1))
                .clipGradients(GradientClipping.byGlobalNorm(0.5)), false);
        // sqrt(0) + 0 divides 0 by 0: the full pass writes NaN into every untouched weight
        assertSameAsDense("adagrad eps 0", ps -> Optimizers.adagrad(ps, AdagradConfig.defaults().withLr(0.5)
                .withEps(0)), false);
    }

    /** A support of more than 1 in 32 columns takes the full pass, which streams faster than the jumps. */
    @Test
    void aSupportTooDenseToPayTakesTheFullPass() {
        Function<List<Parameter>, ChainOptimizer> sgd = ps -> Optimizers.sgd(ps, SgdConfig.defaults().withLr(0.3));
        Run lazy = train(DType.FLOAT32, 1, Use.SPARSE_ONLY, false, 20, sgd);
        assertThat(lazy.bits()).isEqualTo(train(DType.FLOAT32, 1, Use.SPARSE_ONLY, true, 20, sgd).bits());
        assertThat(lazy.sparseSteps()).isZero();
    }

    /** What the NaN guard asks: which elements the last step may have changed, for an exact rule even in the full pass. */
    @Test
    void theLastStepNamesTheElementsItChangedOnlyForExactRules() {
        CsrMatrix wide = batch(new Rng(6), 6, 20);                        // about 120 columns: the full pass
        CsrMatrix narrow = batch(new Rng(7), 2, 3);                       // 6 columns: sparse
        for (CsrMatrix x : new CsrMatrix[] {wide, narrow}) {
            Linear layer = new Linear(IN, 1, true, DType.FLOAT32, new Rng(8));
            for (boolean exact : new boolean[] {true, false}) {
                ChainOptimizer opt = exact ? Optimizers.adagrad(layer.parameters(), AdagradConfig.defaults())
                        : Optimizers.adam(layer.parameters(), AdamConfig.defaults());
                opt.zeroGrad();
                layer.forwardSparse(x).sum().backward();
                opt.step();
                if (exact) {
                    assertThat(opt.lastStepSupport(layer.weight())).isNotNull();
                    assertThat(opt.lastStepSupport(layer.weight()).count()).isEqualTo(
                            (int) Arrays.stream(x.colIdx()).distinct().count());
                } else {
                    assertThat(opt.lastStepSupport(layer.weight())).isNull();
                }
                assertThat(opt.lastStepSupport(layer.bias())).as("written by the tape").isNull();
            }
        }
    }

    @Test
    void adamMovesAWeightItsBatchDoesNotTouch() {
        Linear layer = new Linear(IN, 1, false, DType.FLOAT64, new Rng(3));
        ChainOptimizer adam = Optimizers.adam(layer.parameters(), AdamConfig.defaults().withLr(0.1));
        CsrMatrix first = new CsrMatrix(1, IN, new int[] {0, 1}, new int[] {5}, new float[] {1f});
        CsrMatrix second = new CsrMatrix(1, IN, new int[] {0, 1}, new int[] {7}, new float[] {1f});
        for (CsrMatrix x : new CsrMatrix[] {first, second}) {
            adam.zeroGrad();
            layer.forwardSparse(x).sum().backward();
            adam.step();
        }
        double afterTwo = layer.weight().value().getFlat(5);
        adam.zeroGrad();
        layer.forwardSparse(second).sum().backward();
        adam.step();
        assertThat(layer.weight().value().getFlat(5)).isNotEqualTo(afterTwo);     // its first moment carries on
        assertThat(adam.sparseSteps()).isZero();
    }

    /** The partial clears leave the gradient exactly what a fresh buffer would hold after the same backward. */
    @Test
    void aGradientClearedColumnByColumnEqualsAFreshOne() {
        for (DType dtype : DType.values()) {
            Linear trained = new Linear(IN, 2, true, dtype, new Rng(4));
            ChainOptimizer sgd = Optimizers.sgd(trained.parameters(), SgdConfig.defaults().withLr(0.1));
            Rng data = new Rng(5);
            CsrMatrix x = null;
            for (int s = 0; s < 5; s++) {
                sgd.zeroGrad();
                x = batch(data, 4, 3);
                trained.forwardSparse(x).pow(2).sum().backward();
                if (s < 4) {
                    sgd.step();
                }
            }
            Linear fresh = new Linear(IN, 2, true, dtype, new Rng(4));
            try (var scope = GradMode.disabled()) {
                fresh.weight().value().copyFrom(trained.weight().value());
                fresh.bias().value().copyFrom(trained.bias().value());
            }
            fresh.forwardSparse(x).pow(2).sum().backward();
            assertThat(GradientSupport.of(trained.weight().value())).as("still known").isNotNull();
            assertThat(trained.weight().grad().toDoubleArray()).as(dtype.name())
                    .containsExactly(fresh.weight().grad().toDoubleArray());
            assertThat(sgd.sparseSteps()).isEqualTo(4);
        }
    }
}
