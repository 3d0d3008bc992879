package io.descent.spark;

import io.descent.InvalidInputException;
import io.descent.data.CsvFormat;
import io.descent.data.LibSvmFormat;
import io.descent.data.RowSplit;
import io.descent.loss.Labels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
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

    /** A CSV file (or directory, or glob) of numeric columns, one of them the label, every row for training. */
    public static SparkData csv(SparkSession spark, String path, CsvFormat format, int partitions) {
        return csv(spark, path, format, null, partitions, new RowSplit(0, 0), BlockBounds.DEFAULT).train();
    }

    /**
     * A CSV file (or directory, or glob) read by the executors, split by split, into float32 blocks of at most
     * {@code bounds}, with the rows {@code split} holds out (by their lines' byte offsets) kept apart. The header
     * line is read here, once, and every executor parses its lines after it.
     *
     * @param labels for a margin loss (log, hinge), the coding its labels are turned into from the file's 0/1 or
     *               -1/+1; null to keep the labels as written (class indices, real targets)
     */
    public static ReadData csv(SparkSession spark, String path, CsvFormat format, Labels labels, int partitions,
            RowSplit split, BlockBounds bounds) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        byte[] header = format.header() ? headerOf(sc, path) : null;
        // the format and the split travel as the values that make them (their records are not serializable)
        char sep = format.delimiter();
        boolean hasHeader = format.header();
        String labelName = format.labelName();
        int labelIndex = format.labelIndex();
        boolean classes = format.classes();
        double fraction = split.fraction();
        long seed = split.seed();
        JavaRDD<Tuple2<Boolean, Shard>> both = lines(sc, path, partitions).mapPartitionsWithIndex((p, lines) ->
                new CsvBlocks(lines, path, p, new CsvFormat(sep, hasHeader, labelName, labelIndex, classes), header,
                        new RowSplit(fraction, seed), labels, bounds), true);
        return run(() -> split(both, path, 0, classes));
    }

    /** The first line of the (first) file, as UTF-8 bytes. */
    private static byte[] headerOf(JavaSparkContext sc, String path) {
        List<String> first = run(() -> sc.textFile(path, 1).take(1));
        if (first.isEmpty() || first.get(0).isBlank()) {
            throw new InvalidInputException(path, "line 1", "empty file; expected a header line");
        }
        return first.get(0).getBytes(StandardCharsets.UTF_8);
    }

    /** A text file's lines with their byte offsets (Hadoop's {@code TextInputFormat}), in at least {@code partitions} splits. */
    private static JavaRDD<Tuple2<LongWritable, Text>> lines(JavaSparkContext sc, String path, int partitions) {
        return JavaRDD.fromRDD(sc.hadoopFile(path, TextInputFormat.class, LongWritable.class, Text.class, partitions)
                .rdd(), scala.reflect.ClassTag$.MODULE$.apply(Tuple2.class));
    }

    /** Training and held-out blocks, counted and numbered apart; the blocks as read are freed once both are cached. */
    private static ReadData split(JavaRDD<Tuple2<Boolean, Shard>> both, String path, int declaredWidth,
            boolean classes) {
        both.persist(Pieces.BLOCKS);
        try {
            JavaRDD<Shard> train = both.filter(t -> !t._1()).map(Tuple2::_2);
            JavaRDD<Shard> heldOut = both.filter(Tuple2::_1).map(Tuple2::_2);
            Pieces.Counts trainCounts = Pieces.count(train);
            Pieces.Counts heldOutCounts = Pieces.count(heldOut);
            int width = Math.max(declaredWidth, Math.max(trainCounts.width(), heldOutCounts.width()));
            if (width == 0) {
                throw new InvalidInputException(path, "", "no features: every row is empty");
            }
            int numClasses = classes ? Math.max(trainCounts.maxLabel(), heldOutCounts.maxLabel()) + 1 : 0;
            DataShape shape = new DataShape(new int[] {width}, new int[] {}, numClasses);
            SparkData t = Pieces.number(train, trainCounts, shape);
            if (t == null) {
                throw new InvalidInputException(path, "", "no training rows");
            }
            return new ReadData(t, Pieces.number(heldOut, heldOutCounts, shape));
        } finally {
            both.unpersist(false);
        }
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
        JavaRDD<Tuple2<Boolean, Shard>> both = lines(sc, path, partitions).mapPartitionsWithIndex((p, lines) ->
                new LibSvmBlocks(lines, path, p, new LibSvmFormat(declared, classes), new RowSplit(fraction, seed),
                        labels, bounds), true);
        return run(() -> split(both, path, declared, classes));
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
