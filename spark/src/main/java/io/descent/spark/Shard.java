package io.descent.spark;

import java.io.Serializable;

/**
 * The samples of one partition, as two primitive arrays: global sample indices {@code first .. first + rows - 1},
 * features row after row ({@code rows * featureSize} floats) and targets ({@code rows * targetSize} floats).
 * One shard per partition of a {@link SparkData}; the global index is what the seeded global minibatch
 * order refers to.
 */
public record Shard(int first, int rows, float[] features, float[] targets) implements Serializable {

    public Shard {
        if (first < 0 || rows < 0) {
            throw new IllegalArgumentException("shard: first " + first + " and rows " + rows + " must be non-negative");
        }
        if (rows > 0 && (features.length % rows != 0 || targets.length % rows != 0)) {
            throw new IllegalArgumentException("shard of " + rows + " rows: " + features.length + " feature and "
                    + targets.length + " target values are not whole rows");
        }
    }

    /** Whether global sample {@code index} lies in this shard. */
    public boolean holds(int index) {
        return index >= first && index - first < rows;
    }

    /** The rows of this shard among {@code batch} (global indices), in the batch's order, as local row numbers. */
    int[] select(int[] batch) {
        int count = 0;
        for (int g : batch) {
            if (holds(g)) {
                count++;
            }
        }
        int[] local = new int[count];
        int k = 0;
        for (int g : batch) {
            if (holds(g)) {
                local[k++] = g - first;
            }
        }
        return local;
    }

    /** This shard's samples under other global indices (what rebalancing does). */
    Shard at(int newFirst) {
        return new Shard(newFirst, rows, features, targets);
    }
}
