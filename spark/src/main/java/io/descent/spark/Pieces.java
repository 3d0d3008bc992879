package io.descent.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * Blocks read partition by partition, whose global position is not known yet: counts them (rows per partition,
 * the largest label, the widest row), then numbers them in partition order, block after block, and caches
 * the result. Nothing moves between partitions and nothing puts a partition's blocks together.
 *
 * <p>Storage: {@link #BLOCKS}, deserialized in memory and spilled to disk when memory runs short. A block is a
 * handful of primitive arrays, so its serialized form is no smaller than the object, while every step reads
 * every partition: {@code MEMORY_AND_DISK_SER} would deserialize a whole partition per step (the 3-7 s steps of
 * issue 16), where the deserialized level hands the task references to the cached arrays.
 */
final class Pieces {
    /** For {@link #number}: the number of classes is the largest label plus one. */
    static final int CLASSES_FROM_LABELS = -1;
    static final StorageLevel BLOCKS = StorageLevel.fromString(
            System.getProperty("descent.spark.blockStorage", "MEMORY_AND_DISK"));

    private Pieces() {
    }

    /** What counting found: rows per partition, the largest label (-1 for none), the widest row. */
    record Counts(long[] rows, int maxLabel, int width) implements Serializable {
        long total() {
            long n = 0;
            for (long r : rows) {
                n += r;
            }
            return n;
        }
    }

    /** One job over the (cached) blocks. */
    static Counts count(JavaRDD<Shard> blocks) {
        List<long[]> parts = blocks.mapPartitions(it -> List.of(countOf(it)).iterator(), true).collect();
        long[] rows = new long[parts.size()];
        int maxLabel = -1;
        int width = 0;
        for (int p = 0; p < rows.length; p++) {
            rows[p] = parts.get(p)[0];
            maxLabel = (int) Math.max(maxLabel, parts.get(p)[1]);
            width = (int) Math.max(width, parts.get(p)[2]);
        }
        return new Counts(rows, maxLabel, width);
    }

    private static long[] countOf(Iterator<Shard> it) {
        long rows = 0;
        float maxLabel = -1;
        int width = 0;
        while (it.hasNext()) {
            Shard s = it.next();
            rows += s.rows();
            for (float y : s.targets()) {
                maxLabel = Math.max(maxLabel, y);
            }
            if (s.isSparse()) {
                for (int c : s.sparse().cols()) {
                    width = Math.max(width, c + 1);
                }
            } else if (s.rows() > 0) {
                width = Math.max(width, s.features().length / s.rows());
            }
        }
        return new long[] {rows, (long) maxLabel, width};
    }

    /**
     * The blocks numbered 0 .. n-1 in partition order, cached ({@link #BLOCKS}); null when there are none.
     *
     * @param blocks one or more blocks per partition (their {@code first} ignored), from a deterministic source
     */
    static SparkData number(JavaRDD<Shard> blocks, Counts counts, DataShape shape) {
        long[] offsets = new long[counts.rows().length];
        long n = 0;
        for (int p = 0; p < offsets.length; p++) {
            offsets[p] = n;
            n += counts.rows()[p];
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("more than " + (Integer.MAX_VALUE - 8) + " samples");
        }
        if (n == 0) {
            return null;
        }
        JavaRDD<Shard> numbered = blocks.mapPartitionsWithIndex((p, it) -> {
            List<Shard> out = new ArrayList<>();
            int at = (int) offsets[p];
            while (it.hasNext()) {
                Shard s = it.next();
                out.add(s.at(at));
                at += s.rows();
            }
            return out.iterator();
        }, true);
        numbered.persist(BLOCKS);
        numbered.count();
        return new SparkData(numbered, shape, (int) n);
    }

    /** The number of classes as asked: 0 for real targets, the largest label plus one, or a given count. */
    static int classes(int numClasses, Counts counts) {
        return numClasses == CLASSES_FROM_LABELS ? counts.maxLabel() + 1 : numClasses;
    }
}
