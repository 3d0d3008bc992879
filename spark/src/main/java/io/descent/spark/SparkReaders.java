package io.descent.spark;

import io.descent.InvalidInputException;
import io.descent.data.CsvFormat;
import io.descent.data.LibSvmFormat;
import io.descent.data.RowSplit;
import io.descent.loss.Labels;
import java.util.Arrays;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Training data read where it lives (local paths, {@code hdfs://}, {@code s3a://}: any file system Spark's
 * Hadoop configuration reaches), partition by partition on the executors, into bounded blocks ({@link BlockBounds})
 * that stay where they were read: float32 rows for CSV, CSR rows for LIBSVM (never made dense).
 *
 * <ul>
 *   <li>CSV: Spark's CSV reader ({@code spark.read().csv}), strictly ({@code FAILFAST}); fields are parsed as
 *       floats here, so a bad field names the row and the column.</li>
 *   <li>LIBSVM: Spark's text reader, and every partition's lines parsed by Descent's LIBSVM reader. Spark's own
 *       {@code libsvm} source lives in spark-mllib, which would add mllib and its dependencies (Breeze and
 *       more, tens of MB) to every cluster jar for one parser; Descent's parser is the one single-machine
 *       training uses, with its checks (increasing 1-based indices, qid, comments) and messages. Lines come
 *       from Hadoop's {@code TextInputFormat} with their byte offsets, which decide the held-out rows
 *       ({@link RowSplit}) as on one machine; line numbers in errors count from a byte offset the message
 *       names.</li>
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
        return csv(spark, path, format, partitions, BlockBounds.DEFAULT);
    }

    /** The same in float32 blocks of at most {@code bounds} (at least {@code partitions} partitions where the file allows). */
    public static SparkData csv(SparkSession spark, String path, CsvFormat format, int partitions, BlockBounds bounds) {
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
        JavaRDD<Row> rows = df.javaRDD();
        if (rows.getNumPartitions() < partitions) {
            rows = rows.repartition(partitions); // a small file gives one split: spread its rows
        }
        JavaRDD<Shard> blocks = rows.mapPartitions(new CsvRows(path, columns, label, format.classes(), bounds));
        return run(() -> {
            blocks.persist(Pieces.BLOCKS);
            try {
                Pieces.Counts counts = Pieces.count(blocks);
                DataShape shape = new DataShape(new int[] {columns.length - 1}, new int[] {},
                        Pieces.classes(format.classes() ? Pieces.CLASSES_FROM_LABELS : 0, counts));
                SparkData data = Pieces.number(blocks, counts, shape);
                if (data == null) {
                    throw new InvalidInputException(path, "", "no rows");
                }
                return data;
            } finally {
                blocks.unpersist(false);
            }
        });
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

    /** A LIBSVM text file (or directory, or glob), read in at least {@code partitions} splits, every row for training. */
    public static SparkData libsvm(SparkSession spark, String path, LibSvmFormat format, int partitions) {
        return libsvm(spark, path, format, null, partitions, new RowSplit(0, 0), BlockBounds.DEFAULT).train();
    }

    /**
     * A LIBSVM text file (or directory, or glob) read by the executors, split by split, into CSR blocks of at
     * most {@code bounds}, with the rows {@code split} holds out (by their lines' byte offsets) kept apart.
     *
     * @param labels for a margin loss (log, hinge), the coding its labels are turned into from the file's -1/+1
     *               or 0/1; null to keep the labels as written (class indices, real targets)
     */
    public static ReadData libsvm(SparkSession spark, String path, LibSvmFormat format, Labels labels,
            int partitions, RowSplit split, BlockBounds bounds) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // the format and the split travel as numbers (their records are not serializable)
        int declared = format.numFeatures();
        boolean classes = format.classes();
        double fraction = split.fraction();
        long seed = split.seed();
        JavaRDD<Tuple2<Boolean, Shard>> both = sc.hadoopFile(path, TextInputFormat.class, LongWritable.class,
                Text.class, partitions).mapPartitionsWithIndex((p, lines) -> new LibSvmBlocks(lines, path, p,
                        new LibSvmFormat(declared, classes), new RowSplit(fraction, seed), labels, bounds), true);
        return run(() -> {
            both.persist(Pieces.BLOCKS);
            try {
                JavaRDD<Shard> train = both.filter(t -> !t._1()).map(Tuple2::_2);
                JavaRDD<Shard> heldOut = both.filter(Tuple2::_1).map(Tuple2::_2);
                Pieces.Counts trainCounts = Pieces.count(train);
                Pieces.Counts heldOutCounts = Pieces.count(heldOut);
                int width = Math.max(format.numFeatures(), Math.max(trainCounts.width(), heldOutCounts.width()));
                if (width == 0) {
                    throw new InvalidInputException(path, "", "no features: every row is empty");
                }
                int numClasses = format.classes() ? Math.max(trainCounts.maxLabel(), heldOutCounts.maxLabel()) + 1 : 0;
                DataShape shape = new DataShape(new int[] {width}, new int[] {}, numClasses);
                SparkData t = Pieces.number(train, trainCounts, shape);
                if (t == null) {
                    throw new InvalidInputException(path, "", "no training rows");
                }
                return new ReadData(t, Pieces.number(heldOut, heldOutCounts, shape));
            } finally {
                both.unpersist(false);
            }
        });
    }

    /** What a reader gives: the training data and the held-out rows (null when none). */
    public record ReadData(SparkData train, SparkData heldOut) {
    }

    /**
     * An image IDX file and its label file (gzipped or not), as [1, rows, cols] images in [0, 1]; use
     * {@link SparkData#flattened()} for a multilayer perceptron.
     */
    public static SparkData idx(SparkSession spark, String images, String labels, int numClasses, int partitions) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return run(() -> IdxFiles.read(sc, images, labels, numClasses, partitions));
    }

    private interface Reading<T> {
        T read();
    }

    /** Runs Spark jobs, letting bad input surface as itself rather than wrapped in a job failure. */
    private static <T> T run(Reading<T> r) {
        try {
            return r.read();
        } catch (Exception e) { // SparkException is checked, and thrown undeclared
            throw SparkFailures.unwrap(e);
        }
    }
}
