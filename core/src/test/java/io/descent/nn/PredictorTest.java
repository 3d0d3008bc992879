package io.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.autograd.GradMode;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Batch-by-batch prediction with reused buffers gives exactly what the forward pass in evaluation mode gives
 * on the same batches (a BLAS product's roundings may depend on the number of rows, so the batches must match).
 */
class PredictorTest {

    private static double[] forwardInEvaluation(Module model, Tensor x) {
        return forwardInEvaluation(model, x, x.dim(0));
    }

    /** model.forward batch after batch, in evaluation mode, the outputs end to end. */
    private static double[] forwardInEvaluation(Module model, Tensor x, int batch) {
        boolean was = model.isTraining();
        model.eval();
        try (var scope = GradMode.disabled()) {
            java.util.List<Double> out = new java.util.ArrayList<>();
            for (int from = 0; from < x.dim(0); from += batch) {
                for (double v : model.forward(x.sliceRows(from, Math.min(x.dim(0), from + batch))).toDoubleArray()) {
                    out.add(v);
                }
            }
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        } finally {
            model.train(was);
        }
    }

    /** An MLP with BatchNorm and Dropout, a last batch smaller than the others, both types: exactly forward's numbers. */
    @Test
    void mlpPredictionsEqualTheForwardPassInBothTypes() {
        for (DType dtype : DType.values()) {
            Module model = Models.mlp(30, 5).hidden(40, 20).batchNorm(true).dropout(0.3).seed(7).dtype(dtype).build();
            warmUpBatchNorm(model, dtype);
            Tensor x = Tensor.randn(new Rng(2), dtype, 250, 30);
            Tensor p = Predictor.predict(model, x, 64);
            assertThat(p.shape().dims()).containsExactly(250, 5);
            assertThat(p.dtype()).isEqualTo(dtype);
            assertThat(p.toDoubleArray()).as(dtype.name()).containsExactly(forwardInEvaluation(model, x, 64));
            assertThat(model.isTraining()).as("the model is put back in training mode").isTrue();
        }
    }

    /** The benchmark's shape of network: Linear and ReLU only, which run in the reused buffers; both types. */
    @Test
    void plainMlpWithReluEndingAndOneBatch() {
        for (DType dtype : DType.values()) {
            Rng rng = new Rng(3);
            Sequential model = new Sequential(new Linear(12, 16, true, dtype, rng), new ReLU(),
                    new Linear(16, 8, false, dtype, rng), new ReLU(), new Linear(8, 3, true, dtype, rng), new ReLU());
            Tensor x = Tensor.randn(new Rng(4), dtype, 33, 12);
            assertThat(Predictor.predict(model, x, 1000).toDoubleArray()).as(dtype.name())
                    .containsExactly(forwardInEvaluation(model, x));
            double[] expected = forwardInEvaluation(model, x, 10);
            Tensor first = Predictor.predict(model, x, 10);
            Tensor second = Predictor.predict(model, x.mul(Tensor.scalar(2, dtype)), 10);
            assertThat(first.toDoubleArray()).as("results are not views of reused buffers").containsExactly(expected);
            assertThat(second.toDoubleArray()).isNotEqualTo(expected);
        }
    }

    @Test
    void cnnAndModelsThatAreNotSequential() {
        Module cnn = Models.cnn(5, DType.FLOAT32);
        Tensor images = Tensor.randn(new Rng(6), DType.FLOAT32, 7, 1, 28, 28);
        assertThat(Predictor.predict(cnn, images, 3).toDoubleArray()).containsExactly(forwardInEvaluation(cnn, images, 3));
        Linear single = new Linear(4, 2, true, new Rng(8));
        Tensor x = Tensor.randn(new Rng(9), DType.FLOAT32, 5, 4);
        assertThat(Predictor.predict(single, x, 2).toDoubleArray()).containsExactly(forwardInEvaluation(single, x, 2));
    }

    /**
     * One predictor called again and again keeps its buffers: each call still gives the forward pass's numbers,
     * after a short last batch, after the parameters changed (its product buffers hold the old bias until it
     * fills them again) and with a Linear layer that no ReLU follows in the middle.
     */
    @Test
    void aPredictorKeptBetweenCallsSeesChangedParameters() {
        for (DType dtype : DType.values()) {
            Rng rng = new Rng(11);
            Linear first = new Linear(6, 9, true, dtype, rng);
            Sequential model = new Sequential(first, new Linear(9, 7, true, dtype, rng), new ReLU(),
                    new Linear(7, 4, false, dtype, rng), new ReLU(), new Linear(4, 2, true, dtype, rng));
            Predictor predictor = new Predictor(model, 8);
            Tensor x = Tensor.randn(new Rng(12), dtype, 21, 6);
            assertThat(predictor.predict(x).toDoubleArray()).as(dtype.name()).containsExactly(forwardInEvaluation(model, x, 8));
            Tensor few = x.sliceRows(0, 5);
            assertThat(predictor.predict(few).toDoubleArray()).containsExactly(forwardInEvaluation(model, few, 8));
            double[] before = predictor.predict(x).toDoubleArray();
            try (var scope = GradMode.disabled()) {                    // as an optimizer step changes them
                first.bias().value().fill(0.25);
                ((Linear) model.layers().get(1)).bias().value().fill(-0.125);
                ((Linear) model.layers().get(3)).weight().value().fill(0.5);
            }
            double[] after = forwardInEvaluation(model, x, 8);
            assertThat(after).isNotEqualTo(before);
            assertThat(predictor.predict(x).toDoubleArray()).as(dtype.name()).containsExactly(after);
            assertThat(Predictor.predict(model, x, 8).toDoubleArray()).containsExactly(after);
        }
    }

    @Test
    void emptyInputBadBatchSizeAndScalar() {
        Module model = Models.mlp(3, 2).hidden(4).seed(1).build();
        assertThat(Predictor.predict(model, Tensor.zeros(DType.FLOAT32, 0, 3), 8).shape().dims()).containsExactly(0, 2);
        assertThatThrownBy(() -> new Predictor(model, 0)).hasMessageContaining("batch size must be at least 1, got 0");
        assertThatThrownBy(() -> Predictor.predict(model, Tensor.zeros(DType.FLOAT32, 2, 3), 0))
                .hasMessageContaining("batch size must be at least 1, got 0");
        assertThatThrownBy(() -> Predictor.predict(model, Tensor.scalar(1), 8)).hasMessageContaining("sample dimension");
        assertThatThrownBy(() -> Predictor.predict(model, Tensor.zeros(DType.FLOAT32, 2, 5), 8))
                .hasMessageContaining("5");
    }

    /** A few training batches, so that BatchNorm's running statistics are not their initial values. */
    private static void warmUpBatchNorm(Module model, DType dtype) {
        model.train(true);
        try (var scope = GradMode.disabled()) {
            for (int i = 0; i < 3; i++) {
                model.forward(Tensor.randn(new Rng(20 + i), dtype, 16, 30).add(Tensor.scalar(0.5, dtype)));
            }
        }
    }
}
