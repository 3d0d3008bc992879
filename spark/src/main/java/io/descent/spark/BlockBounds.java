package io.descent.spark;

import java.io.Serializable;

/**
 * How large a block of samples read on an executor may grow: at most {@code maxRows} rows, parsed from at most
 * about {@code maxBytes} of text (one line more at most). A LIBSVM row's CSR entries (8 bytes per non-zero) take
 * less than its text ("123:0.25 "); a CSV row's floats take at most twice its text ("1,"). A partition holds as many blocks as its split needs, so memory per block is bounded by these
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

}
