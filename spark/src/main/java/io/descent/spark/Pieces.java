package io.descent.spark;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * Data read partition by partition, one piece of samples per source partition whose global position is not
 * known yet: numbers the pieces in partition order (a count per partition, then offsets) and balances them
 * into training shards.
 */
final class Pieces {
    /** For {@link #shard}: the number of classes is the largest label plus one. */
    static final int CLASSES_FROM_LABELS = -1;

    private Pieces() {
    }

    /**
     * @param local      one piece per partition (its {@code first} ignored), from a deterministic source; it is
     *                   cached while the shards are made, then freed
     * @param sample     the dimensions of a sample's features
     * @param numClasses the number of classes, 0 for real targets, or {@link #CLASSES_FROM_LABELS}
     */
    static SparkData shard(JavaRDD<Shard> local, int[] sample, int numClasses, int partitions) {
        local.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<int[]> sizes = local.map(s -> new int[] {s.rows(), maxLabel(s)}).collect();
            int[] offsets = new int[sizes.size()];
            long n = 0;
            int maxLabel = -1;
            for (int p = 0; p < sizes.size(); p++) {
                offsets[p] = (int) n;
                n += sizes.get(p)[0];
                maxLabel = Math.max(maxLabel, sizes.get(p)[1]);
                if (n > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("more than " + (Integer.MAX_VALUE - 8) + " samples");
                }
            }
            if (n == 0) {
                throw new IllegalArgumentException("no samples");
            }
            int total = (int) n;
            DataShape shape = new DataShape(sample, new int[] {}, numClasses == CLASSES_FROM_LABELS ? maxLabel + 1
                    : numClasses);
            JavaRDD<Shard> numbered = local.mapPartitionsWithIndex(
                    (p, it) -> it.hasNext() ? List.of(it.next().at(offsets[p])).iterator() : List.<Shard>of().iterator(),
                    true);
            JavaRDD<Shard> shards = Sharding.balance(numbered, shape, total, Math.min(partitions, total));
            return new SparkData(shards, shape, total);
        } finally {
            local.unpersist(false);
        }
    }

    private static int maxLabel(Shard s) {
        float m = -1;
        for (float y : s.targets()) {
            m = Math.max(m, y);
        }
        return (int) m;
    }
}
