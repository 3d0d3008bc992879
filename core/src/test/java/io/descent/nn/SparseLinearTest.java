package io.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.descent.autograd.GradMode;
import io.descent.data.CsrMatrix;
import io.descent.loss.Labels;
import io.descent.loss.LogLoss;
import io.descent.loss.Reduction;
import io.descent.optim.Optimizer;
import io.descent.optim.Optimizers;
import io.descent.optim.SgdConfig;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Linear.forwardSparse and a Sequential starting with one: gradients, parity with the dense path, allocation. */
class SparseLinearTest {

    @Test
    void aSparseLinearLayerPassesFiniteDifferencesWithAndWithoutBias() {
        CsrMatrix x = SparseRows.random(6, 12, 0.3, 4, 1);
        assertThat(SparseRows.gradError(new Linear(12, 3, true, DType.FLOAT64, new Rng(2)), x)).isLessThan(1e-8);
        assertThat(SparseRows.gradError(new Linear(12, 3, false, DType.FLOAT64, new Rng(3)), x)).isLessThan(1e-8);
        assertThat(SparseRows.gradError(new Linear(12, 1, true, DType.FLOAT64, new Rng(4)), x)).isLessThan(1e-8);
    }

    @Test
    void anMlpOnSparseRowsPassesFiniteDifferences() {
        CsrMatrix x = SparseRows.random(5, 10, 0.4, 3, 5);
        Rng rng = new Rng(6);
        Module mlp = new Sequential(new Linear(10, 6, true, DType.FLOAT64, rng), new ReLU(),
                new Linear(6, 2, true, DType.FLOAT64, rng));
        assertThat(SparseRows.gradError(mlp, x)).isLessThan(1e-7);
    }

    @Test
    void theSparseMlpEqualsTheDenseOneOnTheSameBatch() {
        for (DType dtype : DType.values()) {
            CsrMatrix x = SparseRows.random(9, 20, 0.25, 4, 7);
            Module sparse = mlp(dtype);
            Module dense = mlp(dtype);
            Tensor ys = sparse.forwardSparse(x);
            Tensor yd = dense.forward(x.toDense(dtype));
            double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;      // the sums run in another order than GEMM's
            assertThat(ys.toDoubleArray()).containsExactly(yd.toDoubleArray(), within(tol));
            ys.mul(ys).sum().backward();
            yd.mul(yd).sum().backward();
            List<Parameter> ps = sparse.parameters();
            List<Parameter> pd = dense.parameters();
            for (int i = 0; i < ps.size(); i++) {
                assertThat(ps.get(i).grad().toDoubleArray()).as("%s %s", dtype, ps.get(i).name())
                        .containsExactly(pd.get(i).grad().toDoubleArray(), within(tol * 10));
            }
        }
    }

    @Test
    void gradientsAddUpAcrossPassesAndAZeroedBufferIsOverwritten() {
        CsrMatrix x = SparseRows.random(4, 8, 0.5, 0, 8);
        Linear layer = new Linear(8, 2, true, DType.FLOAT64, new Rng(9));
        layer.forwardSparse(x).sum().backward();
        double[] once = layer.weight().grad().toDoubleArray();
        layer.forwardSparse(x).sum().backward();                 // no zeroGrad: adds (beta 1)
        double[] twice = layer.weight().grad().toDoubleArray();
        for (int i = 0; i < once.length; i++) {
            assertThat(twice[i]).isCloseTo(2 * once[i], within(1e-12));
        }
        layer.zeroGrad();                                         // lazily: the buffer still holds 2x
        layer.forwardSparse(x).sum().backward();
        assertThat(layer.weight().grad().toDoubleArray()).containsExactly(once, within(1e-12));
        assertThat(layer.bias().grad().toDoubleArray()).containsExactly(4, 4);
    }

    @Test
    void evaluationModeAndDisabledGradientsRecordNothing() {
        CsrMatrix x = SparseRows.random(5, 8, 0.5, 2, 10);
        Module mlp = new Sequential(new Linear(8, 4, true, new Rng(11)), new ReLU(), new Linear(4, 1, true, new Rng(12)));
        Tensor training = mlp.forwardSparse(x);
        mlp.eval();
        try (var scope = GradMode.disabled()) {
            Tensor y = mlp.forwardSparse(x);
            assertThat(y.requiresGrad()).isFalse();
            assertThat(y.toFloatArray()).containsExactly(training.toFloatArray());
        }
        assertThat(mlp.parameters().get(0).grad()).isNull();
    }

    @Test
    void refusesAFirstLayerThatIsNotLinearAndAWidthMismatch() {
        CsrMatrix x = SparseRows.random(2, 8, 0.5, 0, 13);
        assertThatThrownBy(() -> new Sequential(new ReLU(), new Linear(8, 1, true, new Rng(1))).forwardSparse(x))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ReLU does not take sparse input")
                .hasMessageContaining("starts with a Linear layer");
        assertThatThrownBy(() -> new Linear(9, 1, true, new Rng(1)).forwardSparse(x))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sparse input [2, 8] must have 9 features");
        assertThatThrownBy(() -> new Sequential().forwardSparse(x))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty Sequential");
    }

    /**
     * Logistic regression on 10^7 features: a step (forward, log loss, backward, SGD) allocates far less than
     * one D-sized float array, so nothing in it is dense in D (W's gradient lives in its own buffer).
     */
    @Test
    void aStepOnTenMillionFeaturesAllocatesNoDenseArray() {
        int d = 10_000_000;
        Linear model = new Linear(d, 1, true, new Rng(14));
        Rng rng = new Rng(15);
        CsrMatrix[] batches = new CsrMatrix[2];
        Tensor[] labels = new Tensor[2];
        for (int i = 0; i < 2; i++) {
            batches[i] = spread(SparseRows.random(256, 1000, 0.03, 0, 16 + i), d);
            labels[i] = Tensor.zeros(256);
            for (int r = 0; r < 256; r++) {
                labels[i].set(rng.nextDouble() < 0.5 ? 0 : 1, r);
            }
        }
        LogLoss loss = new LogLoss(Labels.ZERO_ONE, Reduction.MEAN);
        Optimizer sgd = Optimizers.sgd(model.parameters(), SgdConfig.defaults().withLr(0.1));
        Runnable step = new Runnable() {
            int t;

            @Override
            public void run() {
                sgd.zeroGrad();
                int i = t++ % 2;
                loss.apply(model.forwardSparse(batches[i]), labels[i]).backward();
                sgd.step();
            }
        };
        for (int t = 0; t < 20; t++) {
            step.run();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long perStep = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {              // the least of three rounds: a JIT event may allocate
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int t = 0; t < 4; t++) {
                step.run();
            }
            perStep = Math.min(perStep, (threads.getCurrentThreadAllocatedBytes() - before) / 4);
        }
        assertThat(perStep).as("bytes allocated per step").isLessThan(d * 4L / 4);
        assertThat(model.weight().grad().size()).isEqualTo(d);
    }

    /** The same entries with their columns spread over d (column c becomes c * (d / cols)). */
    static CsrMatrix spread(CsrMatrix x, int d) {
        int[] ci = x.colIdx().clone();
        int factor = d / x.cols();
        for (int p = 0; p < ci.length; p++) {
            ci[p] *= factor;
        }
        return new CsrMatrix(x.rows(), d, x.rowPtr(), ci, x.values());
    }

    private static Module mlp(DType dtype) {
        Rng rng = new Rng(21);
        return new Sequential(new Linear(20, 5, true, dtype, rng), new ReLU(), new Linear(5, 3, true, dtype, rng));
    }
}
