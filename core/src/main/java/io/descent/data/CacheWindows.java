package io.descent.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * A read-only memory mapping of the first {@code length} bytes of a file, cut into windows of {@code 2^bits} bytes
 * (a {@link ByteBuffer} addresses at most 2 GiB, so larger files take several): window {@code w} maps bytes
 * {@code [w * 2^bits, min((w + 1) * 2^bits, length))}. Arrays are copied out with bulk gets, split where a range
 * crosses a window edge; since every array in the cache starts at a multiple of 8 and windows are multiples of 8
 * long, no element straddles two windows.
 *
 * <p>Only absolute gets are used and no buffer's position ever moves, so several threads may copy at once.
 */
final class CacheWindows {
    /** 1 GiB windows: few mappings for a large file, each well inside a {@code ByteBuffer}'s reach. */
    static final int DEFAULT_BITS = 30;

    private final int bits;
    private final long length;
    private final ByteBuffer[] bytes;
    private final FloatBuffer[] floats;
    private final IntBuffer[] ints;
    private final LongBuffer[] longs;

    /** Maps {@code [0, length)} of {@code channel}; the mapping stays valid after the channel is closed. */
    static CacheWindows map(FileChannel channel, long length, int bits) throws IOException {
        int n = windowCount(length, bits);
        ByteBuffer[] windows = new ByteBuffer[n];
        for (int w = 0; w < n; w++) {
            long start = windowStart(w, bits);
            MappedByteBuffer m = channel.map(FileChannel.MapMode.READ_ONLY, start, windowLength(w, length, bits));
            windows[w] = m.order(ByteOrder.LITTLE_ENDIAN);
        }
        return new CacheWindows(windows, length, bits);
    }

    /** Over buffers already at hand (tests use heap buffers and tiny windows). */
    CacheWindows(ByteBuffer[] windows, long length, int bits) {
        if (bits < 3 || bits > 30) {
            throw new IllegalArgumentException("window bits " + bits + " outside [3, 30]");
        }
        this.bits = bits;
        this.length = length;
        this.bytes = windows;
        this.floats = new FloatBuffer[windows.length];
        this.ints = new IntBuffer[windows.length];
        this.longs = new LongBuffer[windows.length];
        for (int w = 0; w < windows.length; w++) {
            ByteBuffer b = windows[w].duplicate().order(ByteOrder.LITTLE_ENDIAN);
            floats[w] = b.asFloatBuffer();
            ints[w] = b.asIntBuffer();
            longs[w] = b.asLongBuffer();
        }
    }

    // ---------------------------------------------------------------- the arithmetic

    static int windowCount(long length, int bits) {
        long n = (length + (1L << bits) - 1) >>> bits;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(length + " bytes need too many windows of 2^" + bits);
        }
        return (int) n;
    }

    static long windowStart(int window, int bits) {
        return (long) window << bits;
    }

    static int windowLength(int window, long length, int bits) {
        return (int) Math.min(1L << bits, length - windowStart(window, bits));
    }

    /** Bytes from {@code offset} to the end of its window (or of the file): how much one bulk get may take. */
    static long roomInWindow(long offset, long length, int bits) {
        long windowEnd = Math.min(((offset >>> bits) + 1) << bits, length);
        return windowEnd - offset;
    }

    long length() {
        return length;
    }

    // ---------------------------------------------------------------- copies

    /** Copies {@code n} little-endian floats starting at byte {@code offset} into {@code dst[from ..]}. */
    void getFloats(long offset, float[] dst, int from, int n) {
        check(offset, 4L * n);
        while (n > 0) {
            int w = (int) (offset >>> bits);
            int take = (int) Math.min(n, roomInWindow(offset, length, bits) / 4);
            floats[w].get((int) ((offset - windowStart(w, bits)) >>> 2), dst, from, take);
            offset += 4L * take;
            from += take;
            n -= take;
        }
    }

    void getInts(long offset, int[] dst, int from, int n) {
        check(offset, 4L * n);
        while (n > 0) {
            int w = (int) (offset >>> bits);
            int take = (int) Math.min(n, roomInWindow(offset, length, bits) / 4);
            ints[w].get((int) ((offset - windowStart(w, bits)) >>> 2), dst, from, take);
            offset += 4L * take;
            from += take;
            n -= take;
        }
    }

    void getLongs(long offset, long[] dst, int from, int n) {
        check(offset, 8L * n);
        if ((offset & 7) != 0) {
            throw new IllegalArgumentException("longs at byte " + offset + " are not 8-aligned");
        }
        while (n > 0) {
            int w = (int) (offset >>> bits);
            int take = (int) Math.min(n, roomInWindow(offset, length, bits) / 8);
            longs[w].get((int) ((offset - windowStart(w, bits)) >>> 3), dst, from, take);
            offset += 8L * take;
            from += take;
            n -= take;
        }
    }

    /** Adds bytes {@code [offset, offset + n)} to {@code crc}. */
    void checksum(long offset, long n, CRC32C crc) {
        check(offset, n);
        while (n > 0) {
            int w = (int) (offset >>> bits);
            int take = (int) Math.min(n, roomInWindow(offset, length, bits));
            int at = (int) (offset - windowStart(w, bits));
            // A fresh view per piece: update(ByteBuffer) moves the position, which the shared buffer must keep.
            crc.update(bytes[w].duplicate().limit(at + take).position(at));
            offset += take;
            n -= take;
        }
    }

    private void check(long offset, long n) {
        if (offset < 0 || n < 0 || offset + n > length) {
            throw new IndexOutOfBoundsException("bytes [" + offset + ", " + (offset + n) + ") outside [0, "
                    + length + ")");
        }
        if ((offset & 3) != 0) {
            throw new IllegalArgumentException("values at byte " + offset + " are not 4-aligned");
        }
    }
}
