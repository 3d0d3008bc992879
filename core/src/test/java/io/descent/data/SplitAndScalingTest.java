package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SplitAndScalingTest {

    /** Sample i: features (i, 3 + 2 z) with z standard normal, label i % 2. */
    private static Dataset data(int n) {
        Rng rng = new Rng(1);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = (float) (3 + 2 * rng.nextGaussian());
            y[i] = i % 2;
        }
        return Dataset.classification(Tensor.wrap(x, n, 2), y, 2);
    }

    private static int[] ids(Dataset d) {
        int[] ids = new int[d.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (int) d.features().get(i, 0);
        }
        return ids;
    }

    @Test
    void trainAndValidationAreDisjointCompleteAndFromTheSeed() {
        Dataset all = data(1000);
        Split<Dataset> s = Split.trainValidation(all, 0.2, 42);
        assertThat(s.validation().size()).isEqualTo(200);
        assertThat(s.train().size()).isEqualTo(800);
        int[] both = new int[1000];
        System.arraycopy(ids(s.train()), 0, both, 0, 800);
        System.arraycopy(ids(s.validation()), 0, both, 800, 200);
        assertThat(both).containsExactlyInAnyOrder(Rows.identity(1000));
        assertThat(ids(s.train())).isSorted();
        for (int i = 0; i < s.train().size(); i++) {
            assertThat(s.train().label(i)).isEqualTo(ids(s.train())[i] % 2);
        }
        assertThat(ids(Split.trainValidation(all, 0.2, 42).validation())).containsExactly(ids(s.validation()));
        assertThat(ids(Split.trainValidation(all, 0.2, 43).validation())).isNotEqualTo(ids(s.validation()));
        assertThatThrownBy(() -> Split.trainValidation(all, 1.5, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theInPlaceSplitHoldsTheSameRowsInTheSameOrderWithoutCopies() {
        for (DType dtype : DType.values()) {
            // Images [N, 1, 3, 2] with class labels: the rank and the dtype of a loaded IDX or CSV data set.
            Tensor x = Tensor.randn(new Rng(7), dtype, 97, 1, 3, 2);
            int[] labels = new int[97];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i % 5;
            }
            Dataset copied = Dataset.classification(x, labels, 5);
            Split<Dataset> expected = Split.trainValidation(copied, 0.25, 11);
            Dataset reused = Dataset.classification(x.copy(), labels, 5);
            Object before = dtype == DType.FLOAT32 ? reused.features().floats() : reused.features().doubles();
            Split<Dataset> actual = Split.trainValidationInPlace(reused, 0.25, 11);
            for (boolean train : new boolean[] {true, false}) {
                Dataset e = train ? expected.train() : expected.validation();
                Dataset a = train ? actual.train() : actual.validation();
                assertThat(a.features().shape()).isEqualTo(e.features().shape());
                assertThat(a.features().toDoubleArray()).containsExactly(e.features().toDoubleArray());
                assertThat(a.labels()).containsExactly(e.labels());
                assertThat(dtype == DType.FLOAT32 ? a.features().floats() : a.features().doubles())
                        .as("a view of the loaded array").isSameAs(before);
            }
        }
    }

    @Test
    void sparseDataSplitsTheSameWay() {
        SparseDataset sparse = new SparseDataset(CsrMatrixTest.random(50, 4, 0.5, 3), Tensor.arange(50), 0);
        Split<SparseDataset> s = Split.trainValidation(sparse, 0.3, 5);
        assertThat(s.train().size() + s.validation().size()).isEqualTo(50);
        assertThat(s.validation().size()).isEqualTo(15);
        Tensor dense = sparse.features().toDense(DType.FLOAT32);
        int[] rows = new int[15];
        for (int i = 0; i < 15; i++) {
            rows[i] = (int) s.validation().targets().get(i);
        }
        assertThat(s.validation().features().toDense(DType.FLOAT32).toFloatArray())
                .containsExactly(dense.gatherRows(rows).toFloatArray());
    }

    @Test
    void standardizerTakesItsStatisticsFromTheTrainingPartOnly() {
        Split<Dataset> s = Split.trainValidation(data(2000), 0.25, 7);
        Standardizer st = Standardizer.fit(s.train());
        double[] trainIds = Arrays.stream(ids(s.train())).asDoubleStream().toArray();
        double mean = Arrays.stream(trainIds).average().orElseThrow();
        double var = Arrays.stream(trainIds).map(v -> (v - mean) * (v - mean)).sum() / trainIds.length;
        assertThat(st.mean()[0]).isCloseTo(mean, within(1e-9));
        assertThat(st.std()[0]).isCloseTo(Math.sqrt(var), within(1e-9));
        double allMean = 999.5; // the mean of 0 .. 1999, which a fit on all the data would give
        assertThat(st.mean()[0]).isNotCloseTo(allMean, within(1e-6));

        Dataset train = st.transform(s.train());
        Dataset validation = st.transform(s.validation());
        Standardizer check = Standardizer.fit(train);
        assertThat(check.mean()).containsExactly(new double[] {0, 0}, within(1e-5));
        assertThat(check.std()).containsExactly(new double[] {1, 1}, within(1e-5));
        Standardizer onValidation = Standardizer.fit(validation);
        assertThat(Math.abs(onValidation.mean()[1])).isGreaterThan(1e-5); // not fitted there: not exactly 0
        assertThat(s.train().features().get(0, 0)).isEqualTo(ids(s.train())[0]); // input untouched
    }

    @Test
    void minMaxScalerMapsTheTrainingRangeToTheUnitInterval() {
        Dataset all = data(500);
        Split<Dataset> s = Split.trainValidation(all, 0.2, 3);
        MinMaxScaler mm = MinMaxScaler.fit(s.train());
        Tensor train = mm.transform(s.train()).features();
        for (int j = 0; j < 2; j++) {
            double lo = Double.MAX_VALUE;
            double hi = -Double.MAX_VALUE;
            for (int i = 0; i < train.dim(0); i++) {
                lo = Math.min(lo, train.get(i, j));
                hi = Math.max(hi, train.get(i, j));
            }
            assertThat(lo).isCloseTo(0, within(1e-6));
            assertThat(hi).isCloseTo(1, within(1e-6));
        }
        Tensor validation = mm.transform(s.validation()).features();
        double v = (s.validation().features().get(0, 1) - mm.min()[1]) / (mm.max()[1] - mm.min()[1]);
        assertThat(validation.get(0, 1)).isCloseTo(v, within(1e-6));
    }

    @Test
    void constantFeaturesAreCentredNotDividedByZero() {
        Tensor x = Tensor.of(new float[] {5, 1, 5, 2, 5, 3}, 3, 2);
        Dataset d = Dataset.regression(x, Tensor.zeros(3));
        assertThat(Standardizer.fit(d).transform(x).toFloatArray()).containsExactly(0, -1.2247449f, 0, 0, 0, 1.2247449f);
        assertThat(MinMaxScaler.fit(d).transform(x).toFloatArray()).containsExactly(0, 0, 0, 0.5f, 0, 1);
        assertThatThrownBy(() -> Standardizer.fit(Tensor.zeros(0, 2))).hasMessageContaining("empty");
    }
}
