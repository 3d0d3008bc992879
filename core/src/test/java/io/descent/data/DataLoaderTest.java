package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {

    /** Sample i has features (i, 10 i) and label i % 3, so a batch tells which samples it holds. */
    private static Dataset numbered(int n) {
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 10 * i;
            y[i] = i % 3;
        }
        return Dataset.classification(Tensor.wrap(x, n, 2), y, 3);
    }

    /** The sample ids of one epoch, batch by batch, checking that every batch is consistent. */
    private static List<int[]> epoch(Iterable<Batch> loader) {
        List<int[]> out = new ArrayList<>();
        for (Batch b : loader) {
            int[] ids = new int[b.size()];
            for (int i = 0; i < b.size(); i++) {
                ids[i] = (int) b.x().get(i, 0);
                assertThat(b.x().get(i, 1)).isEqualTo(10.0 * ids[i]);
                assertThat(b.classes()[i]).isEqualTo(ids[i] % 3);
                assertThat(b.y().get(i)).isEqualTo(ids[i] % 3);
            }
            out.add(ids);
        }
        return out;
    }

    private static int[] flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void everyEpochVisitsEverySampleOnceInANewOrder() {
        DataLoader loader = new DataLoader(numbered(103), 10, true, false, 7);
        assertThat(loader.batchesPerEpoch()).isEqualTo(11);
        List<int[]> first = epoch(loader);
        List<int[]> second = epoch(loader);
        assertThat(first).hasSize(11);
        assertThat(first.get(10)).hasSize(3);
        int[] a = flat(first);
        int[] b = flat(second);
        assertThat(a).containsExactlyInAnyOrder(Rows.identity(103));
        assertThat(b).containsExactlyInAnyOrder(Rows.identity(103));
        assertThat(a).isNotEqualTo(b).isNotEqualTo(Rows.identity(103));
        assertThat(loader.epoch()).isEqualTo(2);
    }

    @Test
    void withoutShuffleTheOrderIsTheDataSetsOrder() {
        int[] ids = flat(epoch(new DataLoader(numbered(25), 4, false, false, 1)));
        assertThat(ids).containsExactly(Rows.identity(25));
    }

    @Test
    void dropLastDropsTheShortBatch() {
        DataLoader loader = new DataLoader(numbered(103), 10, true, true, 7);
        List<int[]> batches = epoch(loader);
        assertThat(loader.batchesPerEpoch()).isEqualTo(10);
        assertThat(batches).hasSize(10).allSatisfy(b -> assertThat(b).hasSize(10));
        assertThat(flat(batches)).doesNotHaveDuplicates();
    }

    @Test
    void aBatchLargerThanTheDataSetGivesOneBatchOrNone() {
        assertThat(epoch(new DataLoader(numbered(5), 8, true, false, 3))).hasSize(1).allSatisfy(b ->
                assertThat(b).containsExactlyInAnyOrder(0, 1, 2, 3, 4));
        assertThat(epoch(new DataLoader(numbered(5), 8, true, true, 3))).isEmpty();
    }

    @Test
    void sameSeedGivesTheSameBatchesAndAnotherSeedOthers() {
        List<int[]> a = new ArrayList<>();
        List<int[]> b = new ArrayList<>();
        List<int[]> c = new ArrayList<>();
        DataLoader la = new DataLoader(numbered(50), 8, true, false, 11);
        DataLoader lb = new DataLoader(numbered(50), 8, true, false, 11);
        DataLoader lc = new DataLoader(numbered(50), 8, true, false, 12);
        for (int e = 0; e < 3; e++) {
            a.addAll(epoch(la));
            b.addAll(epoch(lb));
            c.addAll(epoch(lc));
        }
        assertThat(flat(a)).containsExactly(flat(b));
        assertThat(flat(a)).isNotEqualTo(flat(c));
    }

    @Test
    void batchesReuseTheirBuffers() {
        DataLoader loader = new DataLoader(numbered(40), 8, true, false, 5);
        Iterator<Batch> it = loader.iterator();
        Batch first = it.next();
        float[] storage = first.x().floats();
        Batch copy = first.copy();
        Batch second = it.next();
        assertThat(second.x().floats()).isSameAs(storage);
        assertThat(second.classes()).isSameAs(first.classes());
        assertThat(copy.x().toFloatArray()).isNotEqualTo(second.x().toFloatArray());
    }

    @Test
    void anEpochAllocatesNothingPerSample() {
        int n = 20_000;
        DataLoader loader = new DataLoader(numbered(n), 100, true, false, 5);
        for (Batch b : loader) {
            assertThat(b.size()).isEqualTo(100); // warm up: JIT and the first epoch
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        int batches = 0;
        for (Batch b : loader) {
            batches += b.size() > 0 ? 1 : 0;
        }
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(batches).isEqualTo(200);
        // One sample of features and label is 12 bytes: 20000 samples copied, well under one byte each.
        assertThat(allocated).isLessThan(n);
    }

    @Test
    void aSavedStateResumesMidEpochWithTheSameBatches() {
        DataLoader straight = new DataLoader(numbered(57), 5, true, false, 99);
        List<int[]> expected = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            expected.addAll(epoch(straight));
        }

        DataLoader first = new DataLoader(numbered(57), 5, true, false, 99);
        List<int[]> got = new ArrayList<>(epoch(first));
        Iterator<Batch> it = first.iterator();
        for (int i = 0; i < 4; i++) {
            got.add(ids(it.next()));
        }
        LoaderState saved = first.state();
        assertThat(saved.epoch()).isEqualTo(1);
        assertThat(saved.batchesDone()).isEqualTo(4);

        DataLoader resumed = new DataLoader(numbered(57), 5, true, false, 12345); // the seed is in the state
        resumed.restore(saved);
        assertThat(resumed.state()).isEqualTo(saved); // saving again before going on loses nothing
        got.addAll(epoch(resumed));
        got.addAll(epoch(resumed));
        assertThat(flat(got)).containsExactly(flat(expected));
        assertThat(resumed.epoch()).isEqualTo(straight.epoch());
    }

    @Test
    void aStateSavedBetweenEpochsResumesAtTheNextEpoch() {
        DataLoader a = new DataLoader(numbered(30), 7, true, false, 4);
        epoch(a);
        LoaderState saved = a.state();
        assertThat(saved.batchesDone()).isZero();
        assertThat(saved.epoch()).isEqualTo(1);
        DataLoader b = new DataLoader(numbered(30), 7, true, false, 4);
        b.restore(saved);
        assertThat(flat(epoch(b))).containsExactly(flat(epoch(a)));
    }

    private static int[] ids(Batch b) {
        int[] ids = new int[b.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (int) b.x().get(i, 0);
        }
        return ids;
    }

    @Test
    void anOldEpochsIteratorRefusesToContinue() {
        DataLoader loader = new DataLoader(numbered(30), 7, true, false, 4);
        Iterator<Batch> old = loader.iterator();
        old.next();
        loader.iterator();
        assertThatThrownBy(old::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("stale");
    }

    @Test
    void float64DataGivesFloat64BatchesAndRealTargetsGiveNoClasses() {
        Tensor x = Tensor.arange(DType.FLOAT64, 12).reshape(6, 2);
        Tensor y = Tensor.arange(DType.FLOAT64, 6).reshape(6, 1);
        Dataset d = Dataset.regression(x, y);
        for (Batch b : new DataLoader(d, 4, false, false, 0)) {
            assertThat(b.x().dtype()).isEqualTo(DType.FLOAT64);
            assertThat(b.classes()).isNull();
            for (int i = 0; i < b.size(); i++) {
                assertThat(b.x().get(i, 0)).isEqualTo(2 * b.y().get(i, 0));
            }
        }
    }
}
