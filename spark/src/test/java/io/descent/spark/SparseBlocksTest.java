package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import io.descent.data.CsrMatrix;
import io.descent.data.LibSvmFormat;
import io.descent.data.LibSvmReader;
import io.descent.data.RowSplit;
import io.descent.data.SparseDataset;
import io.descent.loss.Labels;
import io.descent.loss.Loss;
import io.descent.loss.LossSpec;
import io.descent.loss.Reduction;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.optim.Optimizer;
import io.descent.optim.Optimizers;
import io.descent.optim.SgdConfig;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LIBSVM data read by the executors stays in bounded CSR blocks, several per partition, and trains through
 * {@code forwardSparse} to the weights of single-machine training on the same rows in the same order; the held-out
 * rows are {@link RowSplit}'s choice by byte offset.
 */
class SparseBlocksTest {
    static final int FEATURES = 100_000;
    static final long SEED = 9;
    static final int BATCH = 256;
    static final OptimizerFactory SGD = p -> Optimizers.sgd(p, SgdConfig.defaults().withLr(4));

    @TempDir
    Path dir;

    /**
     * Rows of 12 non-zeros, mostly among the first 500 features (where the planted weights are), the rest anywhere
     * in 10^5; labels -1/+1 (or 0/1) by the sign of the planted score. Returns the lines' byte offsets.
     */
    static long[] write(Path file, int rows, boolean zeroOne) throws IOException {
        Rng rng = new Rng(4);
        float[] w = new float[500];
        for (int j = 0; j < w.length; j++) {
            w[j] = (float) rng.nextGaussian();
        }
        StringBuilder sb = new StringBuilder();
        long[] offsets = new long[rows];
        long at = 0;
        for (int r = 0; r < rows; r++) {
            java.util.TreeMap<Integer, Float> x = new java.util.TreeMap<>();
            while (x.size() < 12) {
                int j = x.size() < 10 ? (int) (rng.nextDouble() * 500) : (int) (rng.nextDouble() * FEATURES);
                x.put(j, (float) Math.round(rng.nextDouble() * 100) / 100f + 0.01f);
            }
            double score = 0;
            for (var e : x.entrySet()) {
                score += e.getKey() < 500 ? w[e.getKey()] * e.getValue() : 0;
            }
            StringBuilder line = new StringBuilder(score >= 0 ? "+1" : zeroOne ? "0" : "-1");
            x.forEach((j, v) -> line.append(' ').append(j + 1).append(':').append(v));
            line.append('\n');
            offsets[r] = at;
            at += line.toString().getBytes(StandardCharsets.UTF_8).length;
            sb.append(line);
        }
        Files.writeString(file, sb);
        return offsets;
    }

    @Test
    void wideSparseTrainingEqualsSingleMachineTrainingOnTheSameRows() throws IOException {
        SparkSession spark = TestSpark.local();
        Path file = dir.resolve("wide.libsvm");
        int n = 12_000;
        long[] offsets = write(file, n, false);
        RowSplit split = new RowSplit(0.2, 20_171_228);
        BlockBounds bounds = new BlockBounds(1000, 1 << 20);
        SparkReaders.ReadData read = SparkReaders.libsvm(spark, file.toString(), new LibSvmFormat(FEATURES, false),
                Labels.PLUS_MINUS_ONE, 2, split, bounds);
        SparkData train = read.train();
        SparkData heldOut = read.heldOut();

        // bounded blocks, several per partition, all sparse
        List<List<Shard>> partitions = train.shards().glom().collect();
        assertThat(partitions).hasSize(2);
        for (List<Shard> blocks : partitions) {
            assertThat(blocks.size()).isGreaterThan(1);
            for (Shard b : blocks) {
                assertThat(b.isSparse()).isTrue();
                assertThat(b.rows()).isLessThanOrEqualTo(bounds.maxRows());
                assertThat(b.bytes()).isLessThanOrEqualTo(bounds.maxBytes());
            }
        }

        // the held-out rows are RowSplit's choice, in file order
        SparseDataset all = LibSvmReader.read(file, new LibSvmFormat(FEATURES, false));
        List<Integer> trainRows = new ArrayList<>();
        List<Integer> testRows = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            (split.heldOut(offsets[r]) ? testRows : trainRows).add(r);
        }
        assertThat(train.size()).isEqualTo(trainRows.size());
        assertThat(heldOut.size()).isEqualTo(testRows.size()).isBetween(n / 5 - 200, n / 5 + 200);
        assertSameRows(heldOut, all.features().gatherRows(ints(testRows)), all.targets(), testRows);
        assertSameRows(train, all.features().gatherRows(ints(trainRows)), all.targets(), trainRows);

        LossSpec log = LossSpec.log(Labels.PLUS_MINUS_ONE);
        Module distributed = Models.linear(FEATURES, 1, 3, DType.FLOAT32);
        int steps = 80; // two epochs of 38 batches and a few steps of a third
        SparkTraining.fit(spark, distributed, log, SGD, train, SparkConfig.defaults().withBatchSize(BATCH)
                .withSteps(steps).withSeed(SEED));

        Module reference = Models.linear(FEATURES, 1, 3, DType.FLOAT32);
        CsrMatrix x = all.features().gatherRows(ints(trainRows));
        float[] y = new float[trainRows.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) all.targets().getFlat(trainRows.get(i));
        }
        Optimizer opt = SGD.create(reference.parameters());
        Loss mean = log.create(Reduction.MEAN);
        GlobalBatches batches = new GlobalBatches(y.length, BATCH, false, SEED);
        for (int s = 0; s < steps; s++) {
            int[] b = batches.batch(s);
            float[] yb = new float[b.length];
            for (int i = 0; i < b.length; i++) {
                yb[i] = y[b[i]];
            }
            opt.zeroGrad();
            mean.apply(reference.forwardSparse(x.gatherRows(b)), Tensor.wrap(yb, b.length)).backward();
            opt.step();
        }
        float[] expected = ParameterVectors.values(reference.parameters()).floats();
        float[] actual = ParameterVectors.values(distributed.parameters()).floats();
        double maxDiff = 0;
        double maxAbs = 0;
        double moved = 0;
        float[] initial = ParameterVectors.values(Models.linear(FEATURES, 1, 3, DType.FLOAT32).parameters()).floats();
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
            maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
            moved = Math.max(moved, Math.abs(initial[i] - actual[i]));
        }
        // float rounding only: the partitions' parts of each gradient are summed in another order
        assertThat(maxDiff).as("largest weight difference (weights up to %s)", maxAbs)
                .isLessThan(2e-5 * Math.max(1, maxAbs));
        assertThat(moved).isGreaterThan(0.05);

        // evaluated where the held-out rows live: better than chance by far, the local runs' line
        SparkEvaluation e = SparkEvaluation.of("validation", spark, distributed, log, heldOut);
        assertThat(e.accuracy()).isGreaterThan(0.75);
        assertThat(e.line()).matches("validation accuracy 0\\.\\d{4} loss \\d+\\.\\d{6}");
        train.unpersist();
        heldOut.unpersist();
    }

    @Test
    void zeroOneLabelsAreReadAsMarginLabels() throws IOException {
        SparkSession spark = TestSpark.local();
        Path file = dir.resolve("zero-one.libsvm");
        write(file, 300, true);
        SparkData data = SparkReaders.libsvm(spark, file.toString(), LibSvmFormat.DEFAULT, Labels.PLUS_MINUS_ONE, 2,
                new RowSplit(0, 0), BlockBounds.DEFAULT).train();
        float[] y = data.collect().targets().toFloatArray();
        SparseDataset raw = LibSvmReader.read(file, LibSvmFormat.DEFAULT);
        assertThat(y).hasSize(300);
        for (int i = 0; i < y.length; i++) {
            assertThat(y[i]).isEqualTo(raw.targets().getFlat(i) == 0 ? -1f : 1f);
        }
        data.unpersist();
    }

    @Test
    void aLabelThatIsNotBinaryNamesTheFileAndLine() throws IOException {
        SparkSession spark = TestSpark.local();
        Path file = dir.resolve("three.libsvm");
        Files.writeString(file, "1 1:0.5\n-1 2:1\n3 1:2\n");
        assertThatThrownBy(() -> SparkReaders.libsvm(spark, file.toString(), LibSvmFormat.DEFAULT,
                Labels.PLUS_MINUS_ONE, 1, new RowSplit(0.2, 1), BlockBounds.DEFAULT))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("three.libsvm (Spark partition 0").hasMessageContaining("line 3")
                .hasMessageContaining("label 3.0 is not a binary label");
    }

    @Test
    void aBadLineInALaterBlockNamesWhereItsCountingStarts() throws IOException {
        SparkSession spark = TestSpark.local();
        Path file = dir.resolve("late.libsvm");
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < 25; r++) {
            sb.append(r == 21 ? "1 2:1 1:3\n" : "1 1:0.5 2:1\n");
        }
        Files.writeString(file, sb);
        // blocks of 10 lines: line 22 is the second line of the third block, which starts at the partition's line 21
        assertThatThrownBy(() -> SparkReaders.libsvm(spark, file.toString(), LibSvmFormat.DEFAULT, null, 1,
                new RowSplit(0, 0), new BlockBounds(10, 1 << 20)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("late.libsvm (Spark partition 0; lines counted from byte 240, the partition's line 21)")
                .hasMessageContaining("line 2").hasMessageContaining("indices must increase");
    }

    @Test
    void aPartitionGathersABatchAcrossItsBlocksInBatchOrder() {
        // samples 10..14 in two sparse blocks: 10-11 and 12-14, one non-zero each (column = sample - 10)
        Shard a = Shard.sparse(10, new SparseRows(new int[] {0, 1, 2}, new int[] {0, 1}, new float[] {10, 11}),
                new float[] {1, -1});
        Shard b = Shard.sparse(12, new SparseRows(new int[] {0, 1, 2, 3}, new int[] {2, 3, 4},
                new float[] {12, 13, 14}), new float[] {1, 1, -1});
        PartitionRows part = PartitionRows.of(List.of(b, a).iterator());
        assertThat(part.first()).isEqualTo(10);
        assertThat(part.rows()).isEqualTo(5);
        int[] local = part.select(new int[] {13, 3, 10, 14, 20, 11});
        assertThat(local).containsExactly(3, 0, 4, 1);
        PartitionRows.Batch batch = part.gather(local, new DataShape(new int[] {5}, new int[] {}, 0), DType.FLOAT32);
        assertThat(batch.features()).isNull();
        assertThat(batch.sparse().rowPtr()).containsExactly(0, 1, 2, 3, 4);
        assertThat(batch.sparse().colIdx()).containsExactly(3, 0, 4, 1);
        assertThat(batch.sparse().values()).containsExactly(13f, 10f, 14f, 11f);
        assertThat(batch.targets().toFloatArray()).containsExactly(1f, 1f, -1f, -1f);
        Shard gap = Shard.sparse(16, new SparseRows(new int[] {0, 0}, new int[0], new float[0]), new float[] {1});
        assertThatThrownBy(() -> PartitionRows.of(List.of(a, gap).iterator()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not consecutive");
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The data's rows, walked block by block in index order, are {@code x}'s rows with the labels of {@code rows}. */
    private static void assertSameRows(SparkData data, CsrMatrix x, Tensor labels, List<Integer> rows) {
        List<Shard> blocks = new ArrayList<>(data.shards().collect());
        blocks.sort((a, b) -> Integer.compare(a.first(), b.first()));
        int r = 0;
        for (Shard b : blocks) {
            assertThat(b.first()).isEqualTo(r);
            SparseRows s = b.sparse();
            for (int i = 0; i < b.rows(); i++, r++) {
                assertThat(b.targets()[i]).isEqualTo((float) labels.getFlat(rows.get(r)));
                int from = x.rowPtr()[r];
                int len = x.rowPtr()[r + 1] - from;
                assertThat(s.nnz(i)).isEqualTo(len);
                for (int p = 0; p < len; p++) {
                    assertThat(s.cols()[s.rowPtr()[i] + p]).isEqualTo(x.colIdx()[from + p]);
                    assertThat(s.vals()[s.rowPtr()[i] + p]).isEqualTo(x.values()[from + p]);
                }
            }
        }
        assertThat(r).isEqualTo(rows.size());
    }
}
