package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import io.descent.data.CsvFormat;
import io.descent.data.RowSplit;
import io.descent.loss.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV read by the executors: bounded float32 blocks, several per partition, and RowSplit's held-out rows. */
class CsvBlocksTest {
    @TempDir
    Path dir;

    @Test
    void csvBlocksAreBoundedAndHoldOutRowSplitsRows() throws IOException {
        SparkSession spark = TestSpark.local();
        Path file = dir.resolve("rows.csv");
        int n = 3000;
        StringBuilder sb = new StringBuilder("a,b,label\n");
        List<Long> offsets = new ArrayList<>();
        long at = sb.length();
        for (int r = 0; r < n; r++) {
            String line = String.format(Locale.ROOT, "%d,%.2f,%d%n", r, r * 0.5, r % 3);
            offsets.add(at);
            at += line.getBytes(StandardCharsets.UTF_8).length;
            sb.append(line);
        }
        Files.writeString(file, sb);
        RowSplit split = new RowSplit(0.2, 17);
        BlockBounds bounds = new BlockBounds(200, 1 << 20);
        SparkReaders.ReadData read = SparkReaders.csv(spark, file.toString(), CsvFormat.label("label").asClasses(), null, 2,
                split, bounds);
        List<List<Shard>> partitions = read.train().shards().glom().collect();
        assertThat(partitions).hasSize(2);
        for (List<Shard> blocks : partitions) {
            assertThat(blocks.size()).isGreaterThan(1);
            assertThat(blocks).allSatisfy(b -> {
                assertThat(b.isSparse()).isFalse();
                assertThat(b.rows()).isLessThanOrEqualTo(200);
            });
        }
        assertThat(read.train().shape()).isEqualTo(new DataShape(new int[] {2}, new int[] {}, 3));
        // column a is the row's number: the held-out rows are exactly RowSplit's, in file order
        List<Float> expectedHeld = new ArrayList<>();
        List<Float> expectedTrain = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            (split.heldOut(offsets.get(r)) ? expectedHeld : expectedTrain).add((float) r);
        }
        assertThat(firstColumn(read.heldOut())).containsExactlyElementsOf(expectedHeld);
        assertThat(firstColumn(read.train())).containsExactlyElementsOf(expectedTrain);
        read.train().unpersist();
        read.heldOut().unpersist();
    }

    @Test
    void aBadFieldInALaterBlockNamesTheLineAndColumn() throws IOException {
        SparkSession spark = TestSpark.local();
        Path file = dir.resolve("bad.csv");
        StringBuilder sb = new StringBuilder("x,y\n");
        for (int r = 0; r < 30; r++) {
            sb.append(r == 24 ? "three,0\n" : r + ",1\n");
        }
        Files.writeString(file, sb);
        // blocks of 10 rows: the bad row (file line 26) is the 5th of the third block, from the partition's line 22
        assertThatThrownBy(() -> SparkReaders.csv(spark, file.toString(), CsvFormat.label("y").asClasses(), null, 1,
                new RowSplit(0, 0), new BlockBounds(10, 1 << 20)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bad.csv (Spark partition 0; lines counted from byte")
                .hasMessageContaining("the partition's line 22, as line 2 after the header)")
                .hasMessageContaining("line 6, field 1 ('x')").hasMessageContaining("three");
    }

    /** As LIBSVM's: a margin loss reads 0/1 (or -1/+1) labels in its own coding; any other value is refused. */
    @Test
    void marginLabelsAreCodedAsTheLossReadsThemAndOthersRefusedWithTheirLine() throws IOException {
        SparkSession spark = TestSpark.local();
        Path file = dir.resolve("binary.csv");
        StringBuilder sb = new StringBuilder("x,label\n");
        for (int r = 0; r < 40; r++) {
            sb.append(r).append(',').append(r % 2).append('\n');
        }
        Files.writeString(file, sb);
        SparkData data = SparkReaders.csv(spark, file.toString(), CsvFormat.label("label"), Labels.PLUS_MINUS_ONE, 2,
                new RowSplit(0, 0), BlockBounds.DEFAULT).train();
        io.descent.data.Dataset d = data.collect();
        for (int i = 0; i < d.size(); i++) {
            float x = d.features().toFloatArray()[i];
            assertThat(d.targets().toFloatArray()[i]).as("row %s", x).isEqualTo(((int) x) % 2 == 1 ? 1f : -1f);
        }
        data.unpersist();

        Path bad = dir.resolve("three.csv");
        Files.writeString(bad, "x,label\n0,0\n1,1\n2,2\n");
        assertThatThrownBy(() -> SparkReaders.csv(spark, bad.toString(), CsvFormat.label("label"),
                Labels.PLUS_MINUS_ONE, 1, new RowSplit(0, 0), BlockBounds.DEFAULT))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("after the header), line 3")
                .hasMessageContaining("not a binary label");
    }

    private static List<Float> firstColumn(SparkData data) {
        float[] x = data.collect().features().toFloatArray();
        List<Float> out = new ArrayList<>();
        for (int i = 0; i < x.length; i += 2) {
            out.add(x[i]);
        }
        return out;
    }
}
