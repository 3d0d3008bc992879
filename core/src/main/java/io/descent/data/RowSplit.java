package io.descent.data;

/**
 * The held-out split of a data file drawn row by row from a seeded hash of the row's key, so that neither a count
 * of the rows nor a pass over the file is needed, and every reader of the file (in memory, streaming from text,
 * from the binary cache, a Spark executor reading its split) puts the same rows aside. The key of a text row is
 * the byte offset of its line in the file (known in any reading order, and to Hadoop's line reader); the key of a
 * row of a binary file such as IDX is its index.
 *
 * <p>Row k is held out when {@code h(seed, k) < fraction}, where h maps onto [0, 1) by SplitMix64's finalizer
 * (Steele, Lea and Flood 2014): a bijection of the 64-bit words with full avalanche, so consecutive keys give
 * independent draws. The held-out share is {@code fraction} up to the binomial spread, not exactly.
 */
public record RowSplit(double fraction, long seed) {
    public RowSplit {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in [0, 1), got " + fraction);
        }
    }

    /** Whether the row with {@code key} is held out. */
    public boolean heldOut(long key) {
        return unit(seed, key) < fraction;
    }

    /** h(seed, key) in [0, 1): the top 53 bits of the mixed word. */
    static double unit(long seed, long key) {
        return (mix64(key + seed * 0x9E3779B97F4A7C15L) >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's output function. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
