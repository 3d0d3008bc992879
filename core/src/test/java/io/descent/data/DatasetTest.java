package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private static Tensor rows(int n, int d) {
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return Tensor.wrap(x, n, d);
    }

    @Test
    void classificationKeepsClassIndicesAsExactFloatTargets() {
        Dataset d = Dataset.classification(rows(4, 3), new int[] {2, 0, 1, 2}, 3);
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.isClassification()).isTrue();
        assertThat(d.targets().shape().dims()).containsExactly(4);
        assertThat(d.labels()).containsExactly(2, 0, 1, 2);
        assertThat(d.label(1)).isZero();
        assertThat(d.featureSize()).isEqualTo(3);
    }

    @Test
    void rejectsTargetsThatDoNotMatchTheSamples() {
        assertThatThrownBy(() -> Dataset.classification(rows(4, 3), new int[] {0, 1, 3, 0}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 2 is 3");
        assertThatThrownBy(() -> Dataset.regression(rows(4, 3), Tensor.zeros(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 samples");
        assertThatThrownBy(() -> new Dataset(rows(2, 1), Tensor.of(new float[] {0.5f, 1}, 2), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a class index");
        assertThatThrownBy(() -> Dataset.regression(rows(3, 1), Tensor.zeros(3)).labels())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void subsetCopiesTheChosenRowsInOrder() {
        Dataset d = Dataset.classification(rows(4, 2), new int[] {0, 1, 0, 1}, 2);
        Dataset s = d.subset(new int[] {3, 0});
        assertThat(s.features().toFloatArray()).containsExactly(6, 7, 0, 1);
        assertThat(s.labels()).containsExactly(1, 0);
        s.features().setFlat(0, -1);
        assertThat(d.features().getFlat(6)).isEqualTo(6);
    }

    @Test
    void signedTurnsTwoClassesIntoPlusMinusOneTargets() {
        Dataset d = Dataset.classification(rows(3, 1), new int[] {1, 0, 1}, 2).signed();
        assertThat(d.isClassification()).isFalse();
        assertThat(d.targets().toFloatArray()).containsExactly(1, -1, 1);
        assertThatThrownBy(() -> Dataset.classification(rows(3, 1), new int[] {0, 1, 2}, 3).signed())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("3 classes");
    }

    @Test
    void flattenedViewsImagesAsRowsWithoutCopying() {
        Tensor images = Tensor.zeros(DType.FLOAT32, 5, 1, 4, 4);
        Dataset d = Dataset.regression(images, Tensor.zeros(5, 2)).flattened();
        assertThat(d.features().shape().dims()).containsExactly(5, 16);
        assertThat(d.features().floats()).isSameAs(images.floats());
        assertThat(d.targets().shape().dims()).containsExactly(5, 2);
    }

    @Test
    void theFirstNonFiniteValueIsNamedWhereverItIs() {
        // 30 000 rows of 3: the check runs in blocks of 16 384 values; put the values in and across later blocks.
        for (int at : new int[] {0, 16383, 16384, 40000, 89999}) {
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                float[] x = new float[90000];
                java.util.Arrays.fill(x, Float.MAX_VALUE);   // finite to the last, and at its largest
                x[at] = bad;
                if (at + 7 < x.length) {
                    x[at + 7] = Float.NaN;                   // a later one is not the one named
                }
                Dataset d = Dataset.regression(Tensor.of(x, 30000, 3), Tensor.zeros(DType.FLOAT32, 30000));
                assertThatThrownBy(() -> d.requireFinite("training data"))
                        .hasMessageContaining("row " + at / 3 + ", feature " + at % 3).hasMessageContaining("" + bad);
            }
        }
        float[] fine = new float[90000];
        java.util.Arrays.fill(fine, -Float.MAX_VALUE);
        Dataset ok = Dataset.regression(Tensor.of(fine, 30000, 3), Tensor.zeros(DType.FLOAT32, 30000));
        assertThat(ok.requireFinite("training data")).isSameAs(ok);
    }
}
