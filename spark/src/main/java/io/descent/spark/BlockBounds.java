package io.descent.spark;

import java.io.Serializable;

/**
 * How large a block of samples read on an executor may grow: at most {@code maxRows} rows and about
 * {@code maxBytes} of its arrays (for LIBSVM, of the text it is parsed from, which is larger than its CSR
 * arrays). A partition holds as many blocks as its split needs, so memory per block is bounded by these
 * settings, never by the size of a split or of the file.
 */
public record BlockBounds(int maxRows, long maxBytes) implements Serializable {
    /** 64k rows or 4 MB: small enough to cache and spill a block at a time, large enough that a block's overhead vanishes. */
    public static final BlockBounds DEFAULT = new BlockBounds(1 << 16, 4L << 20);

    public BlockBounds {
        if (maxRows <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("block bounds must be positive, got " + maxRows + " rows and "
                    + maxBytes + " bytes");
        }
    }

    /** The rows of a dense block of {@code floatsPerRow} floats a row that fit the bounds (at least 1). */
    int denseRows(int floatsPerRow) {
        return (int) Math.max(1, Math.min(maxRows, maxBytes / (4L * Math.max(1, floatsPerRow))));
    }
}
