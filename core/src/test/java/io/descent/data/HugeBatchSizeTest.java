package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.nn.Linear;
import io.descent.nn.Predictor;
import io.descent.tensor.Tensor;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

/** Issue 19, item 4: a batch size near Integer.MAX_VALUE is one batch of all the data, not zero batches. */
class HugeBatchSizeTest {

    private static Dataset rows(int n) {
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i % 2;
        }
        return Dataset.classification(Tensor.wrap(x, n, 2), y, 2);
    }

    @Test
    void aBatchOfIntMaxIsOneBatchHoldingEveryRow() {
        DataLoader loader = new DataLoader(rows(10), Integer.MAX_VALUE, true, false, 1);
        assertThat(loader.batchesPerEpoch()).isEqualTo(1);
        Iterator<Batch> it = loader.iterator();
        assertThat(it.hasNext()).isTrue();
        assertThat(it.next().size()).isEqualTo(10);
        assertThat(it.hasNext()).isFalse();
    }

    @Test
    void aBatchOfIntMaxMinusOneAndDropLastGiveTheCountsOfPlainDivision() {
        assertThat(new DataLoader(rows(7), Integer.MAX_VALUE - 1, false, false, 0).batchesPerEpoch()).isEqualTo(1);
        assertThat(new DataLoader(rows(7), Integer.MAX_VALUE, false, true, 0).batchesPerEpoch()).isZero();
        assertThat(new DataLoader(rows(7), 3, false, false, 0).batchesPerEpoch()).isEqualTo(3);
    }

    @Test
    void predictingWithABatchOfIntMaxPredictsEveryRowOnce() {
        Linear model = new Linear(2, 3, true, new io.descent.tensor.Rng(1));
        Tensor x = rows(5).features();
        Tensor all = new Predictor(model, Integer.MAX_VALUE).predict(x);
        Tensor byTwo = new Predictor(model, 2).predict(x);
        assertThat(all.shape().dims()).containsExactly(5, 3);
        assertThat(all.toDoubleArray()).containsExactly(byTwo.toDoubleArray());
    }
}
