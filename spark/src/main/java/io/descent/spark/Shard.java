package io.descent.spark;

import java.io.Serializable;

/**
 * A block of consecutive samples: global sample indices {@code first .. first + rows - 1}, targets
 * ({@code rows * targetSize} floats) and features either dense, row after row ({@code rows * featureSize} floats),
 * or sparse ({@link SparseRows}, then {@code features} is null). A partition of a {@link SparkData} holds one or
 * more blocks of consecutive indices ({@link PartitionRows}); the global index is what the seeded global
 * minibatch order refers to.
 */
public record Shard(int first, int rows, float[] features, float[] targets, SparseRows sparse) implements Serializable {

    public Shard {
        if (first < 0 || rows < 0) {
            throw new IllegalArgumentException("shard: first " + first + " and rows " + rows + " must be non-negative");
        }
        if ((features == null) == (sparse == null)) {
            throw new IllegalArgumentException("shard: features are either dense or sparse");
        }
        if (sparse != null && sparse.rows() != rows) {
            throw new IllegalArgumentException("shard of " + rows + " rows with " + sparse.rows() + " sparse rows");
        }
        if (rows > 0 && ((features != null && features.length % rows != 0) || targets.length % rows != 0)) {
            throw new IllegalArgumentException("shard of " + rows + " rows: " + (features == null ? 0 : features.length)
                    + " feature and " + targets.length + " target values are not whole rows");
        }
    }

    /** A block of dense rows. */
    public Shard(int first, int rows, float[] features, float[] targets) {
        this(first, rows, features, targets, null);
    }

    /** A block of sparse rows. */
    static Shard sparse(int first, SparseRows rows, float[] targets) {
        return new Shard(first, rows.rows(), null, targets, rows);
    }

    /** Whether global sample {@code index} lies in this shard. */
    public boolean holds(int index) {
        return index >= first && index - first < rows;
    }

    /** Whether the features are sparse rows. */
    public boolean isSparse() {
        return sparse != null;
    }

    /** The bytes of the block's arrays (what its bound limits). */
    long bytes() {
        return 4L * targets.length + (sparse != null ? sparse.bytes() : 4L * features.length);
    }

    /** This shard's samples under other global indices (what rebalancing and numbering do). */
    Shard at(int newFirst) {
        return new Shard(newFirst, rows, features, targets, sparse);
    }
}
