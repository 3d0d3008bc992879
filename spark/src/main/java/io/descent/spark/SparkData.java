package io.descent.spark;

import io.descent.data.Dataset;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Training data spread over a Spark cluster: a cached RDD of blocks ({@link Shard}s, one or several per partition,
 * each partition's of consecutive indices) holding global sample indices 0 .. size-1, and the shape of a sample. Made from a data set in memory
 * ({@link #of}) or read where the files live ({@link SparkReaders}).
 *
 * <pre>{@code
 * SparkData data = SparkData.of(spark, Synthetic.blobs(10_000, 3, 0.5, 7), 4);   // 4 shards of 2500
 * SparkData mnist = SparkReaders.idx(spark, images, labels, 10, 8).flattened();
 * }</pre>
 */
public final class SparkData {
    private final JavaRDD<Shard> shards;
    private final DataShape shape;
    private final int size;

    /**
     * @param shards blocks, consecutive within a partition, their indices together 0 .. size-1 (cache it: every step reads it)
     */
    public SparkData(JavaRDD<Shard> shards, DataShape shape, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("no samples");
        }
        this.shards = shards;
        this.shape = shape;
        this.size = size;
    }

    /** The samples of {@code data}, cut into {@code partitions} shards of consecutive samples, cached. */
    public static SparkData of(SparkSession spark, Dataset data, int partitions) {
        if (partitions <= 0 || partitions > data.size()) {
            throw new IllegalArgumentException(partitions + " partitions for " + data.size() + " samples; need 1 to "
                    + data.size());
        }
        DataShape shape = shapeOf(data);
        float[] x = data.features().toFloatArray();
        float[] y = data.targets().toFloatArray();
        int fs = shape.featureSize();
        int ts = shape.targetSize();
        int n = data.size();
        List<Shard> pieces = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            int from = Sharding.start(p, n, partitions);
            int to = Sharding.start(p + 1, n, partitions);
            pieces.add(new Shard(from, to - from, Arrays.copyOfRange(x, from * fs, to * fs),
                    Arrays.copyOfRange(y, from * ts, to * ts)));
        }
        JavaRDD<Shard> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(pieces, partitions);
        return new SparkData(Sharding.balance(rdd, shape, n, partitions), shape, n);
    }

    static DataShape shapeOf(Dataset data) {
        int[] f = data.features().shape().dims();
        int[] t = data.targets().shape().dims();
        return new DataShape(Arrays.copyOfRange(f, 1, f.length), Arrays.copyOfRange(t, 1, t.length), data.numClasses());
    }

    public JavaRDD<Shard> shards() {
        return shards;
    }

    public DataShape shape() {
        return shape;
    }

    /** Number of samples. */
    public int size() {
        return size;
    }

    public int partitions() {
        return shards.getNumPartitions();
    }

    /** The same samples with flat features ([N, 784] instead of [N, 1, 28, 28]); no data moves. */
    public SparkData flattened() {
        return new SparkData(shards, shape.flattened(), size);
    }

    /**
     * The samples back on the driver as one data set, in index order: for evaluation and tests on small data
     * (sparse rows are made dense here, on the driver).
     */
    public Dataset collect() {
        List<Shard> all = new ArrayList<>(shards.collect());
        all.sort((a, b) -> Integer.compare(a.first(), b.first()));
        int fs = shape.featureSize();
        int ts = shape.targetSize();
        float[] x = new float[Math.multiplyExact(size, fs)];
        float[] y = new float[size * ts];
        for (Shard s : all) {
            if (s.isSparse()) {
                SparseRows r = s.sparse();
                for (int i = 0; i < s.rows(); i++) {
                    for (int p = r.rowPtr()[i]; p < r.rowPtr()[i + 1]; p++) {
                        x[(s.first() + i) * fs + r.cols()[p]] = r.vals()[p];
                    }
                }
            } else {
                System.arraycopy(s.features(), 0, x, s.first() * fs, s.rows() * fs);
            }
            System.arraycopy(s.targets(), 0, y, s.first() * ts, s.rows() * ts);
        }
        return new Dataset(Tensor.wrap(x, shape.batchFeatures(size)), Tensor.wrap(y, shape.batchTargets(size)),
                shape.numClasses());
    }

    /** Frees the cached shards. */
    public void unpersist() {
        shards.unpersist(false);
    }

    @Override
    public String toString() {
        return "SparkData(" + size + " samples in " + partitions() + " partitions, " + shape + ")";
    }
}
