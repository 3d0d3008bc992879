package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import io.descent.data.CsvFormat;
import io.descent.data.CsvReader;
import io.descent.data.Dataset;
import io.descent.data.FashionMnist;
import io.descent.data.LibSvmFormat;
import io.descent.data.LibSvmReader;
import io.descent.data.SparseDataset;
import io.descent.tensor.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark's readers give the samples that Descent's single-machine readers give, in the same order. */
class SparkReadersTest {
    @TempDir
    Path dir;

    static String csvText(int rows) {
        Rng rng = new Rng(3);
        StringBuilder sb = new StringBuilder("a,b,label,c\n");
        for (int i = 0; i < rows; i++) {
            sb.append(String.format(Locale.ROOT, "%.4f, %.4f,%d,%.3e%n", rng.nextGaussian(), rng.nextDouble(), i % 4,
                    rng.nextGaussian() * 1e3));
        }
        return sb.toString();
    }

    static String libsvmText(int rows) {
        Rng rng = new Rng(4);
        StringBuilder sb = new StringBuilder("# generated\n");
        for (int i = 0; i < rows; i++) {
            sb.append(i % 2 == 0 ? "+1" : "-1");
            for (int j = 1; j <= 12; j++) {
                if (rng.nextDouble() < 0.3) {
                    sb.append(' ').append(j).append(':').append(String.format(Locale.ROOT, "%.5f", rng.nextGaussian()));
                }
            }
            sb.append(i % 7 == 0 ? " # a comment\n" : "\n");
        }
        return sb.toString();
    }

    @Test
    void csvThroughSparksReaderMatchesTheCsvReader() throws IOException {
        SparkSession spark = TestSpark.local();
        Path file = dir.resolve("data.csv");
        Files.writeString(file, csvText(300));
        CsvFormat format = CsvFormat.label("label").asClasses();
        spark.conf().set("spark.sql.files.maxPartitionBytes", "2000"); // several splits of one file
        SparkData data;
        try {
            data = SparkReaders.csv(spark, file.toString(), format, 3);
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
        }
        Dataset expected = CsvReader.read(file, format);
        assertThat(data.size()).isEqualTo(300);
        // the blocks stay in the partitions they were read in: at least the 3 asked for, one per split here
        assertThat(data.partitions()).isGreaterThanOrEqualTo(3);
        assertThat(data.shape()).isEqualTo(new DataShape(new int[] {3}, new int[] {}, 4));
        Dataset actual = data.collect();
        assertThat(actual.features().toFloatArray()).containsExactly(expected.features().toFloatArray());
        assertThat(actual.labels()).containsExactly(expected.labels());
        data.unpersist();
    }

    @Test
    void aBadCsvFieldNamesTheRowAndColumn() throws IOException {
        SparkSession spark = TestSpark.local();
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "x,y\n1,0\n2,1\nthree,0\n");
        assertThatThrownBy(() -> SparkReaders.csv(spark, file.toString(), CsvFormat.label("y").asClasses(), 2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bad.csv").hasMessageContaining("field 1 ('x')")
                .hasMessageContaining("'three' is not a number");
    }

    @Test
    void libsvmParsedPartitionByPartitionMatchesTheLibSvmReader() throws IOException {
        SparkSession spark = TestSpark.local();
        Path file = dir.resolve("data.libsvm");
        Files.writeString(file, libsvmText(200));
        SparkData data = SparkReaders.libsvm(spark, file.toString(), LibSvmFormat.DEFAULT, 3);
        SparseDataset expected = LibSvmReader.read(file, LibSvmFormat.DEFAULT);
        assertThat(data.size()).isEqualTo(200);
        assertThat(data.shape().featureSize()).isEqualTo(expected.numFeatures());
        Dataset actual = data.collect();
        int d = expected.numFeatures();
        float[] dense = new float[200 * d];
        var x = expected.features();
        for (int r = 0; r < 200; r++) {
            for (int p = x.rowPtr()[r]; p < x.rowPtr()[r + 1]; p++) {
                dense[r * d + x.colIdx()[p]] = x.values()[p];
            }
        }
        assertThat(actual.features().toFloatArray()).containsExactly(dense);
        assertThat(actual.targets().toFloatArray()).containsExactly(expected.targets().toFloatArray());
        data.unpersist();
    }

    @Test
    void aBadLibsvmLineNamesTheFileAndPartition() throws IOException {
        SparkSession spark = TestSpark.local();
        Path file = dir.resolve("bad.libsvm");
        Files.writeString(file, "1 1:0.5 3:1\n-1 2:1 1:2\n");
        assertThatThrownBy(() -> SparkReaders.libsvm(spark, file.toString(), LibSvmFormat.DEFAULT, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bad.libsvm (Spark partition 0").hasMessageContaining("line 2")
                .hasMessageContaining("indices must increase");
    }

    @Test
    void idxFilesMatchTheFashionMnistTestSet() {
        SparkSession spark = TestSpark.local();
        Path dirFm = FashionMnist.DEFAULT_DIR;
        SparkData data = SparkReaders.idx(spark, dirFm.resolve("t10k-images-idx3-ubyte.gz").toString(),
                dirFm.resolve("t10k-labels-idx1-ubyte.gz").toString(), 10, 4);
        Dataset expected = FashionMnist.load().test();
        assertThat(data.size()).isEqualTo(10000);
        assertThat(data.partitions()).isEqualTo(4);
        assertThat(data.shape()).isEqualTo(new DataShape(new int[] {1, 28, 28}, new int[] {}, 10));
        Dataset actual = data.collect();
        // Arrays.equals: AssertJ's containsExactly compares 7.8 million floats in quadratic time
        float[] a = actual.features().toFloatArray();
        float[] e = expected.features().toFloatArray();
        assertThat(Arrays.mismatch(a, e)).as("first differing pixel").isEqualTo(-1);
        assertThat(Arrays.equals(actual.labels(), expected.labels())).isTrue();
        assertThat(data.flattened().shape().sample()).containsExactly(784);
        data.unpersist();
    }

    @Test
    void idxLabelsBeyondTheClassesAreRefused() throws IOException {
        SparkSession spark = TestSpark.local();
        // three 2x2 images and their labels, the last one 7
        byte[] images = {0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 255};
        byte[] labels = {0, 0, 8, 1, 0, 0, 0, 3, 1, 4, 7};
        Path imageFile = Files.write(dir.resolve("images-idx3-ubyte"), images);
        Path labelFile = Files.write(dir.resolve("labels-idx1-ubyte"), labels);
        SparkData eight = SparkReaders.idx(spark, imageFile.toString(), labelFile.toString(), 8, 2);
        assertThat(eight.collect().labels()).containsExactly(1, 4, 7);
        assertThat(eight.collect().features().get(2, 0, 1, 1)).isEqualTo(1.0);
        eight.unpersist();
        assertThatThrownBy(() -> SparkReaders.idx(spark, imageFile.toString(), labelFile.toString(), 5, 2))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("labels-idx1-ubyte, label 2")
                .hasMessageContaining("7 is not a class in [0, 5)");
    }
}
