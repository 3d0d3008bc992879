package io.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.data.CsrMatrix;
import io.descent.data.Dataset;
import io.descent.data.SparseDataset;
import io.descent.loss.CrossEntropyLoss;
import io.descent.loss.LogLoss;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import io.descent.train.Evaluation;
import org.junit.jupiter.api.Test;

/** Predictions and evaluation of sparse data sets in batches equal those of the same rows made dense. */
class SparsePredictionTest {

    @Test
    void predictSparseEqualsTheDensePredictionsBatchAfterBatch() {
        CsrMatrix x = SparseRows.random(23, 15, 0.3, 5, 1);
        Module mlp = new Sequential(new Linear(15, 6, true, new Rng(2)), new ReLU(), new Linear(6, 3, true, new Rng(3)));
        Tensor sparse = Predictor.predictSparse(mlp, x, 5);         // a short last batch of 3
        Tensor dense = Predictor.predict(mlp, x.toDense(DType.FLOAT32), 5);
        assertThat(sparse.shape()).isEqualTo(dense.shape());
        assertThat(sparse.toFloatArray()).containsExactly(dense.toFloatArray(), within(1e-5f));
        assertThat(mlp.isTraining()).isTrue();
        assertThat(Predictor.predictSparse(mlp, x.sliceRows(4, 4), 5).dim(0)).isZero();
    }

    @Test
    void sliceRowsKeepsTheRows() {
        CsrMatrix x = SparseRows.random(9, 7, 0.4, 3, 4);
        Tensor expected = x.toDense(DType.FLOAT32).sliceRows(2, 8);
        assertThat(x.sliceRows(2, 8).toDense(DType.FLOAT32).toFloatArray()).containsExactly(expected.toFloatArray());
    }

    @Test
    void sparseEvaluationEqualsTheDenseOne() {
        CsrMatrix x = SparseRows.random(40, 12, 0.3, 7, 5);
        Rng rng = new Rng(6);
        Tensor classes = Tensor.zeros(40);
        Tensor signs = Tensor.zeros(40);
        for (int r = 0; r < 40; r++) {
            classes.set(rng.nextInt(3), r);
            signs.set(rng.nextDouble() < 0.5 ? -1 : 1, r);
        }
        Module softmax = new Linear(12, 3, true, new Rng(7));
        Evaluation s = Evaluation.ofSparse(softmax, new CrossEntropyLoss(), new SparseDataset(x, classes, 3), 16, 2);
        Evaluation d = Evaluation.of(softmax, new CrossEntropyLoss(), new Dataset(x.toDense(DType.FLOAT32), classes, 3),
                16, 2);
        assertThat(s.samples()).isEqualTo(40);
        assertThat(s.loss()).isCloseTo(d.loss(), within(1e-6));
        assertThat(s.accuracy()).isEqualTo(d.accuracy());
        assertThat(s.topKAccuracy()).isEqualTo(d.topKAccuracy());
        assertThat(s.confusion()).isDeepEqualTo(d.confusion());

        Module logistic = new Linear(12, 1, true, new Rng(8));
        Evaluation ls = Evaluation.ofSparse(logistic, new LogLoss(), new SparseDataset(x, signs, 0), 16, 1);
        Evaluation ld = Evaluation.of(logistic, new LogLoss(), new Dataset(x.toDense(DType.FLOAT32), signs, 0), 16, 1);
        assertThat(ls.loss()).isCloseTo(ld.loss(), within(1e-6));
        assertThat(ls.accuracy()).isNaN();
    }
}
