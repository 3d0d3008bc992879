package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.data.Batch;
import io.descent.data.DataLoader;
import io.descent.data.Dataset;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The global batch order is the single-machine loader's, epoch after epoch, and survives a checkpoint. */
class GlobalBatchesTest {

    /** A data set whose single feature is the sample's index, so a batch shows which samples it holds. */
    static Dataset indices(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return Dataset.regression(Tensor.wrap(x, n, 1), Tensor.zeros(n));
    }

    static List<int[]> loaderBatches(int n, int batch, boolean dropLast, long seed, int epochs) {
        DataLoader loader = new DataLoader(indices(n), batch, true, dropLast, seed);
        List<int[]> out = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            for (Batch b : loader) {
                int[] idx = new int[b.size()];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = (int) b.x().getFlat(i);
                }
                out.add(idx);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "n={0} batch={1} dropLast={2}")
    @CsvSource({"100, 32, false", "100, 32, true", "64, 16, false", "7, 10, false"})
    void sameBatchesAsTheShufflingDataLoader(int n, int batch, boolean dropLast) {
        List<int[]> expected = loaderBatches(n, batch, dropLast, 42, 3);
        GlobalBatches g = new GlobalBatches(n, batch, dropLast, 42);
        assertThat(expected).hasSize(3 * g.stepsPerEpoch());
        for (int t = 0; t < expected.size(); t++) {
            assertThat(g.batch(t)).as("step %d", t).containsExactly(expected.get(t));
        }
    }

    @Test
    void restoringTheSavedEpochContinuesTheSameOrder() {
        List<int[]> expected = loaderBatches(50, 8, false, 9, 4); // 7 steps per epoch
        GlobalBatches first = new GlobalBatches(50, 8, false, 9);
        for (int t = 0; t < 10; t++) {
            first.batch(t);
        }
        GlobalBatches resumed = new GlobalBatches(50, 8, false, 9);
        resumed.restore(first.epoch(), first.epochStart());
        for (int t = 10; t < expected.size(); t++) {
            assertThat(resumed.batch(t)).as("step %d", t).containsExactly(expected.get(t));
        }
    }

    @Test
    void restoringBeforeTheFirstStepStartsAtTheBeginning() {
        GlobalBatches fresh = new GlobalBatches(30, 4, false, 3);
        GlobalBatches resumed = new GlobalBatches(30, 4, false, 3);
        resumed.restore(fresh.epoch(), fresh.epochStart());
        assertThat(resumed.batch(0)).containsExactly(new GlobalBatches(30, 4, false, 3).batch(0));
    }

    @Test
    void refusesToGoBackToAnEarlierEpoch() {
        GlobalBatches g = new GlobalBatches(10, 5, false, 1);
        g.batch(4);
        assertThatThrownBy(() -> g.batch(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("epoch");
    }
}
