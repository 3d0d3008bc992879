package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.data.Dataset;
import io.descent.data.Synthetic;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Shards are balanced runs of consecutive samples, and hold exactly the data they were made from. */
class SparkDataTest {

    @Test
    void aDatasetIsCutIntoBalancedShardsOfConsecutiveSamples() {
        SparkSession spark = TestSpark.local();
        Dataset blobs = Synthetic.blobs(103, 3, 0.5, 1);
        SparkData data = SparkData.of(spark, blobs, 4);
        List<Shard> shards = data.shards().collect();
        assertThat(shards).extracting(Shard::first).containsExactly(0, 25, 51, 77);
        assertThat(shards).extracting(Shard::rows).containsExactly(25, 26, 26, 26);
        assertThat(data.shape()).isEqualTo(new DataShape(new int[] {2}, new int[] {}, 3));
        Dataset back = data.collect();
        assertThat(back.features().toFloatArray()).containsExactly(blobs.features().toFloatArray());
        assertThat(back.labels()).containsExactly(blobs.labels());
        data.unpersist();
    }

    @Test
    void piecesOfAnySizeAreRebalancedInIndexOrder() {
        SparkSession spark = TestSpark.local();
        // 10 samples of 2 features and a 3-value target, arriving as uneven pieces in 3 partitions, out of order
        int n = 10;
        List<Shard> pieces = new ArrayList<>();
        int[][] runs = {{7, 3}, {0, 1}, {1, 6}};
        for (int[] r : runs) {
            float[] x = new float[r[1] * 2];
            float[] y = new float[r[1] * 3];
            for (int i = 0; i < r[1]; i++) {
                x[2 * i] = r[0] + i;
                x[2 * i + 1] = -(r[0] + i);
                Arrays.fill(y, 3 * i, 3 * i + 3, 10 * (r[0] + i));
            }
            pieces.add(new Shard(r[0], r[1], x, y));
        }
        JavaRDD<Shard> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(pieces, 3);
        DataShape shape = new DataShape(new int[] {2}, new int[] {3}, 0);
        JavaRDD<Shard> shards = Sharding.balance(rdd, shape, n, 3);
        List<Shard> list = shards.collect();
        assertThat(list).extracting(Shard::first).containsExactly(0, 3, 6);
        assertThat(list).extracting(Shard::rows).containsExactly(3, 3, 4);
        Dataset all = new SparkData(shards, shape, n).collect();
        for (int i = 0; i < n; i++) {
            assertThat(all.features().get(i, 0)).isEqualTo(i);
            assertThat(all.features().get(i, 1)).isEqualTo(-i);
            assertThat(all.targets().get(i, 2)).isEqualTo(10 * i);
        }
        assertThat(all.targets().shape().dims()).containsExactly(10, 3);
        shards.unpersist();
    }

    @Test
    void flatteningKeepsTheDataAndChangesTheSampleShape() {
        SparkSession spark = TestSpark.local();
        Dataset images = Dataset.classification(Tensor.arange(24).reshape(6, 1, 2, 2), new int[] {0, 1, 0, 1, 0, 1}, 2);
        SparkData data = SparkData.of(spark, images, 2);
        SparkData flat = data.flattened();
        assertThat(flat.shape().sample()).containsExactly(4);
        assertThat(flat.collect().features().shape().dims()).containsExactly(6, 4);
        assertThat(data.collect().features().shape().dims()).containsExactly(6, 1, 2, 2);
        data.unpersist();
    }

    @Test
    void shardOfFindsTheShardHoldingAnIndex() {
        for (int n : new int[] {1, 7, 10, 103}) {
            for (int parts = 1; parts <= Math.min(n, 9); parts++) {
                for (int i = 0; i < n; i++) {
                    int p = Sharding.shardOf(i, n, parts);
                    assertThat(i).isBetween(Sharding.start(p, n, parts), Sharding.start(p + 1, n, parts) - 1);
                }
            }
        }
    }
}
