package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SparseDataLoaderTest {

    /** Row i has entry (i % cols, i) and label i, so a batch tells which rows it holds. */
    private static SparseDataset numbered(int n, int cols) {
        int[] ptr = new int[n + 1];
        int[] ci = new int[n];
        float[] vs = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            ptr[i + 1] = i + 1;
            ci[i] = i % cols;
            vs[i] = i;
            y[i] = i;
        }
        return new SparseDataset(new CsrMatrix(n, cols, ptr, ci, vs), Tensor.wrap(y, n), 0);
    }

    private static List<Integer> ids(SparseDataLoader loader) {
        List<Integer> out = new ArrayList<>();
        for (SparseBatch b : loader) {
            assertThat(b.x().nnz()).isEqualTo(b.size());
            for (int i = 0; i < b.size(); i++) {
                int id = (int) b.y().get(i);
                int p = b.x().rowPtr()[i];
                assertThat(b.x().values()[p]).isEqualTo(id);
                assertThat(b.x().colIdx()[p]).isEqualTo(id % b.x().cols());
                out.add(id);
            }
        }
        return out;
    }

    @Test
    void epochsCoverAllRowsInFreshOrdersFromTheSeed() {
        SparseDataLoader a = new SparseDataLoader(numbered(37, 5), 8, true, false, 3);
        SparseDataLoader b = new SparseDataLoader(numbered(37, 5), 8, true, false, 3);
        List<Integer> a1 = ids(a);
        List<Integer> a2 = ids(a);
        assertThat(a1).hasSize(37).doesNotHaveDuplicates();
        assertThat(a2).hasSize(37).doesNotHaveDuplicates().isNotEqualTo(a1);
        assertThat(ids(b)).isEqualTo(a1);
    }

    @Test
    void batchesAgreeWithTheRowsTheyCopy() {
        SparseDataset data = new SparseDataset(CsrMatrixTest.random(23, 6, 0.4, 2), Tensor.arange(23), 0);
        Tensor dense = data.features().toDense(DType.FLOAT32);
        for (SparseBatch b : new SparseDataLoader(data, 5, true, true, 9)) {
            int[] rows = new int[b.size()];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = (int) b.y().get(i);
            }
            assertThat(b.x().toDense(DType.FLOAT32).toFloatArray())
                    .containsExactly(dense.gatherRows(rows).toFloatArray());
        }
    }

    @Test
    void resumesMidEpochFromASavedState() {
        SparseDataLoader straight = new SparseDataLoader(numbered(40, 3), 6, true, false, 8);
        List<Integer> expected = new ArrayList<>(ids(straight));
        expected.addAll(ids(straight));

        SparseDataLoader first = new SparseDataLoader(numbered(40, 3), 6, true, false, 8);
        List<Integer> got = new ArrayList<>();
        var it = first.iterator();
        for (int i = 0; i < 3; i++) {
            SparseBatch b = it.next();
            for (int k = 0; k < b.size(); k++) {
                got.add((int) b.y().get(k));
            }
        }
        SparseDataLoader resumed = new SparseDataLoader(numbered(40, 3), 6, true, false, 0);
        resumed.restore(first.state());
        got.addAll(ids(resumed));
        got.addAll(ids(resumed));
        assertThat(got).isEqualTo(expected);
        assertThat(Arrays.asList(resumed.epoch())).containsExactly(2L);
    }
}
