package io.descent.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;

/**
 * How the workers' results are added up.
 *
 * <ul>
 *   <li>{@link #TREE}: Spark's {@code treeAggregate}: partial sums are combined on the executors in a tree of
 *       the given depth, and the driver receives a few. It scales to many partitions, but combines results in
 *       the order tasks finish, so sums of floats differ in the last bits from run to run (with more than two
 *       partitions).</li>
 *   <li>{@link #ORDERED}: every partition's result goes to the driver, which adds them in partition order: the
 *       same bits every run, whatever the timing (retried tasks, resumed runs), at the cost of the driver
 *       receiving one vector per partition.</li>
 * </ul>
 */
public enum Aggregation {
    TREE, ORDERED;

    /** A serializable maker of the zero of the merge. */
    @FunctionalInterface
    interface Zero<P> extends Serializable {
        P get();
    }

    /**
     * One result per partition ({@code work} on the partition's blocks), merged with {@code merge}, which may
     * modify and return its first argument.
     */
    <P> P run(JavaRDD<Shard> shards, Zero<P> zero, Function2<P, PartitionRows, P> work, Function2<P, P, P> merge,
            int depth) {
        JavaRDD<P> parts = shards.mapPartitions(it -> List.of(work.call(zero.get(), PartitionRows.of(it))).iterator(),
                true);
        if (this == TREE) {
            return parts.treeAggregate(zero.get(), merge, merge, depth);
        }
        P total = zero.get();
        for (P p : parts.collect()) {
            try {
                total = merge.call(total, p);
            } catch (Exception e) {
                throw new IllegalStateException("merging worker results failed", e);
            }
        }
        return total;
    }

    /**
     * How many partial results travel in a tree aggregation of {@code partitions} results with the given depth:
     * the partitions' own, plus one per partition of each intermediate level (Spark's treeAggregate: levels of
     * partitions / scale while more than scale + partitions / scale remain, scale = max(ceil(partitions^(1/depth)), 2)).
     */
    static int transfers(Aggregation mode, int partitions, int depth) {
        int total = partitions;
        if (mode == ORDERED) {
            return total;
        }
        int n = partitions;
        int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
        while (n > scale + Math.ceil((double) n / scale)) {
            n /= scale;
            total += n;
        }
        return total;
    }
}
