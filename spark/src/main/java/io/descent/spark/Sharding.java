package io.descent.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Turns pieces of data (shards of any size, anywhere, together covering global indices 0 .. n-1 once) into
 * the shards training reads: {@code partitions} shards of consecutive indices, sizes differing by at most one,
 * partition p holding indices [p n / partitions, (p + 1) n / partitions), cached.
 *
 * <p>The pieces travel through one shuffle. Besides balancing, that cuts the shards loose from where they
 * came from: an RDD made by {@code parallelize} keeps its data in its partition objects, which Spark would
 * otherwise serialize into every task of every step.
 */
final class Sharding {
    private Sharding() {
    }

    /** The first global index of shard {@code p}. */
    static int start(int p, int n, int partitions) {
        return (int) ((long) p * n / partitions);
    }

    static JavaRDD<Shard> balance(JavaRDD<Shard> pieces, DataShape shape, int n, int partitions) {
        if (partitions <= 0 || partitions > n) {
            throw new IllegalArgumentException(partitions + " partitions for " + n + " samples; need 1 to " + n);
        }
        int fs = shape.featureSize();
        int ts = shape.targetSize();
        JavaRDD<Shard> shards = pieces
                .flatMapToPair(piece -> split(piece, fs, ts, n, partitions).iterator())
                .partitionBy(new HashPartitioner(partitions))
                .mapPartitionsWithIndex((p, it) -> List.of(assemble(p, it, fs, ts, n, partitions)).iterator(), true);
        shards.persist(StorageLevel.MEMORY_AND_DISK());
        long count = shards.count();
        if (count != partitions) {
            throw new IllegalStateException("made " + count + " shards, expected " + partitions);
        }
        return shards;
    }

    /** The piece cut at the shard boundaries, each part keyed by the shard it belongs to. */
    static List<Tuple2<Integer, Shard>> split(Shard piece, int fs, int ts, int n, int partitions) {
        List<Tuple2<Integer, Shard>> out = new ArrayList<>();
        int row = 0;
        while (row < piece.rows()) {
            int index = piece.first() + row;
            int p = shardOf(index, n, partitions);
            int end = Math.min(piece.rows(), start(p + 1, n, partitions) - piece.first());
            out.add(new Tuple2<>(p, slice(piece, row, end, fs, ts)));
            row = end;
        }
        return out;
    }

    /** The shard that global index {@code i} belongs to. */
    static int shardOf(int i, int n, int partitions) {
        int p = (int) ((long) i * partitions / n);
        while (start(p + 1, n, partitions) <= i) {
            p++;
        }
        while (start(p, n, partitions) > i) {
            p--;
        }
        return p;
    }

    private static Shard slice(Shard s, int from, int to, int fs, int ts) {
        if (from == 0 && to == s.rows()) {
            return s;
        }
        float[] x = new float[(to - from) * fs];
        float[] y = new float[(to - from) * ts];
        System.arraycopy(s.features(), from * fs, x, 0, x.length);
        System.arraycopy(s.targets(), from * ts, y, 0, y.length);
        return new Shard(s.first() + from, to - from, x, y);
    }

    /** Shard p from its pieces, in index order; fails when they do not cover its range exactly. */
    private static Shard assemble(int p, Iterator<Tuple2<Integer, Shard>> it, int fs, int ts, int n, int partitions) {
        List<Shard> parts = new ArrayList<>();
        it.forEachRemaining(t -> parts.add(t._2()));
        parts.sort((a, b) -> Integer.compare(a.first(), b.first()));
        int first = start(p, n, partitions);
        int rows = start(p + 1, n, partitions) - first;
        if (parts.size() == 1 && parts.get(0).first() == first && parts.get(0).rows() == rows) {
            return parts.get(0);
        }
        float[] x = new float[rows * fs];
        float[] y = new float[rows * ts];
        int at = first;
        for (Shard s : parts) {
            if (s.first() != at) {
                throw new IllegalStateException("shard " + p + ": samples " + at + " to " + (s.first() - 1) + " are "
                        + (s.first() > at ? "missing" : "given twice"));
            }
            System.arraycopy(s.features(), 0, x, (at - first) * fs, s.rows() * fs);
            System.arraycopy(s.targets(), 0, y, (at - first) * ts, s.rows() * ts);
            at += s.rows();
        }
        if (at != first + rows) {
            throw new IllegalStateException("shard " + p + ": samples " + at + " to " + (first + rows - 1) + " are missing");
        }
        return new Shard(first, rows, x, y);
    }
}
