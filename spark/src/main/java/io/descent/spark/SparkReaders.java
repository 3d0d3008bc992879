package io.descent.spark;

import io.descent.InvalidInputException;
import io.descent.data.CsvFormat;
import io.descent.data.LibSvmFormat;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Training data read where it lives (local paths, {@code hdfs://}, {@code s3a://}: any file system Spark's
 * Hadoop configuration reaches), partition by partition on the executors, then balanced into shards.
 *
 * <ul>
 *   <li>CSV: Spark's CSV reader ({@code spark.read().csv}), strictly ({@code FAILFAST}); fields are parsed as
 *       floats here, so a bad field names the row and the column.</li>
 *   <li>LIBSVM: Spark's text reader, and every partition's lines parsed by Descent's LIBSVM reader. Spark's own
 *       {@code libsvm} source lives in spark-mllib, which would add mllib and its dependencies (Breeze and
 *       more, tens of MB) to every cluster jar for one parser; Descent's parser is the one single-machine
 *       training uses, with its checks (increasing 1-based indices, qid, comments) and messages. Line
 *       numbers in errors count from the start of the partition, which the message names.</li>
 *   <li>IDX (MNIST, Fashion-MNIST): each file is one binary blob, gzipped or not, that cannot be split; one
 *       executor reads both files with Spark's {@code binaryFiles} and Descent's IDX reader, and the samples
 *       are spread over the partitions.</li>
 * </ul>
 * Samples are numbered in the order Spark reads them (deterministic for the same files).
 */
public final class SparkReaders {
    private SparkReaders() {
    }

    /** A CSV file (or directory, or glob) of numeric columns, one of them the label. */
    public static SparkData csv(SparkSession spark, String path, CsvFormat format, int partitions) {
        org.apache.spark.sql.Dataset<Row> df = spark.read()
                .option("header", format.header())
                .option("sep", String.valueOf(format.delimiter()))
                .option("mode", "FAILFAST")
                .option("inferSchema", "false")
                .option("ignoreLeadingWhiteSpace", "true")
                .option("ignoreTrailingWhiteSpace", "true")
                .csv(path);
        String[] columns = df.columns();
        int label = labelColumn(path, columns, format);
        JavaRDD<Shard> local = df.javaRDD().mapPartitions(new CsvRows(path, columns, label, format.classes()));
        return run(() -> Pieces.shard(local, new int[] {columns.length - 1},
                format.classes() ? Pieces.CLASSES_FROM_LABELS : 0, partitions));
    }

    private static int labelColumn(String path, String[] columns, CsvFormat format) {
        if (columns.length < 2) {
            throw new InvalidInputException(path, "", columns.length + " column; expected features and a label");
        }
        if (format.labelName() != null) {
            int i = Arrays.asList(columns).indexOf(format.labelName());
            if (i < 0) {
                throw new InvalidInputException(path, "header", "no column named '" + format.labelName()
                        + "'; the columns are " + String.join(", ", columns));
            }
            return i;
        }
        int i = format.labelIndex() < 0 ? columns.length + format.labelIndex() : format.labelIndex();
        if (i < 0 || i >= columns.length) {
            throw new InvalidInputException(path, "", "label column " + format.labelIndex() + " does not exist: the "
                    + "file has " + columns.length + " columns");
        }
        return i;
    }

    /** A LIBSVM text file (or directory, or glob), read in at least {@code partitions} splits. */
    public static SparkData libsvm(SparkSession spark, String path, LibSvmFormat format, int partitions) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int declared = format.numFeatures();
        boolean classes = format.classes();
        JavaRDD<LibSvmBlock> blocks = sc.textFile(path, partitions).mapPartitionsWithIndex((p, lines) -> List.of(
                LibSvmBlock.parse(lines, path + " (Spark partition " + p + "; lines counted from its start)",
                        new LibSvmFormat(declared, classes))).iterator(), true);
        return run(() -> {
            blocks.cache();
            try {
                int width = Math.max(format.numFeatures(), blocks.map(LibSvmBlock::cols).fold(0, Math::max));
                if (width == 0) {
                    throw new InvalidInputException(path, "", "no features: every row is empty");
                }
                int w = width;
                JavaRDD<Shard> local = blocks.map(b -> b.dense(w, path));
                return Pieces.shard(local, new int[] {width}, format.classes() ? Pieces.CLASSES_FROM_LABELS : 0,
                        partitions);
            } finally {
                blocks.unpersist(false);
            }
        });
    }

    /**
     * An image IDX file and its label file (gzipped or not), as [1, rows, cols] images in [0, 1]; use
     * {@link SparkData#flattened()} for a multilayer perceptron.
     */
    public static SparkData idx(SparkSession spark, String images, String labels, int numClasses, int partitions) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return run(() -> IdxFiles.read(sc, images, labels, numClasses, partitions));
    }

    private interface Reading {
        SparkData read();
    }

    /** Runs Spark jobs, letting bad input surface as itself rather than wrapped in a job failure. */
    private static SparkData run(Reading r) {
        try {
            return r.read();
        } catch (Exception e) { // SparkException is checked, and thrown undeclared
            throw SparkFailures.unwrap(e);
        }
    }
}
