package io.descent.data;

import static io.descent.data.ChunkCacheFixtures.randomChunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window arithmetic that lets a cache over 2 GiB be mapped in 1 GiB pieces, checked with 16-byte windows over
 * heap buffers: copies and checksums that cross window edges give what one flat buffer gives.
 */
class ChunkCacheWindowsTest {
    private static final int BITS = 4; // 16-byte windows

    @Test
    void windowsCoverTheFileWithALastShortOne() {
        assertThat(CacheWindows.windowCount(0, BITS)).isZero();
        assertThat(CacheWindows.windowCount(16, BITS)).isEqualTo(1);
        assertThat(CacheWindows.windowCount(17, BITS)).isEqualTo(2);
        assertThat(CacheWindows.windowLength(1, 17, BITS)).isEqualTo(1);
        assertThat(CacheWindows.windowStart(3, BITS)).isEqualTo(48);
        assertThat(CacheWindows.roomInWindow(20, 100, BITS)).isEqualTo(12);
        assertThat(CacheWindows.roomInWindow(96, 100, BITS)).isEqualTo(4);
    }

    @Test
    void oneGibWindowsOverAFileOfFiveGib() {
        long length = 5L << 30 | 123;
        int bits = CacheWindows.DEFAULT_BITS;
        assertThat(CacheWindows.windowCount(length, bits)).isEqualTo(6);
        assertThat(CacheWindows.windowStart(5, bits)).isEqualTo(5L << 30);
        assertThat(CacheWindows.windowLength(5, length, bits)).isEqualTo(123);
        assertThat(CacheWindows.windowLength(4, length, bits)).isEqualTo(1 << 30);
        // an offset past 2^31 lands in its window at the right place
        long offset = (3L << 30) + 40;
        assertThat(offset >>> bits).isEqualTo(3);
        assertThat(CacheWindows.roomInWindow(offset, length, bits)).isEqualTo((1L << 30) - 40);
    }

    @Test
    void copiesAcrossWindowEdgesMatchTheFlatBuffer() {
        int length = 200;
        ByteBuffer flat = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < length; i++) {
            flat.put(i, (byte) (i * 7 + 3));
        }
        CacheWindows windows = new CacheWindows(split(flat, length), length, BITS);

        float[] floats = new float[30];
        windows.getFloats(12, floats, 2, 25); // bytes [12, 112): starts 4 bytes before an edge, crosses six
        for (int k = 0; k < 25; k++) {
            assertThat(floats[2 + k]).isEqualTo(flat.getFloat(12 + 4 * k));
        }
        int[] ints = new int[10];
        windows.getInts(188, ints, 0, 3);
        for (int k = 0; k < 3; k++) {
            assertThat(ints[k]).isEqualTo(flat.getInt(188 + 4 * k));
        }
        long[] longs = new long[20];
        windows.getLongs(8, longs, 1, 19);
        for (int k = 0; k < 19; k++) {
            assertThat(longs[1 + k]).isEqualTo(flat.getLong(8 + 8 * k));
        }

        CRC32C pieces = new CRC32C();
        windows.checksum(4, 190, pieces);
        CRC32C whole = new CRC32C();
        whole.update(flat.array(), 4, 190);
        assertThat(pieces.getValue()).isEqualTo(whole.getValue());
    }

    @Test
    void rangesOutsideTheFileOrMisalignedAreRefused() {
        ByteBuffer flat = ByteBuffer.allocate(32);
        CacheWindows windows = new CacheWindows(split(flat, 32), 32, BITS);
        assertThatThrownBy(() -> windows.getFloats(24, new float[4], 0, 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> windows.getLongs(4, new long[1], 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CacheWindows(new ByteBuffer[0], 0, 31))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWholeCacheMappedInEightByteWindowsReadsTheSameRows(@TempDir Path dir) throws Exception {
        Path source = ChunkCacheFixtures.writeSource(dir, "data.csv", "a,b,c\n1,2,3\n");
        Random random = new Random(5);
        for (RowChunk.Kind kind : RowChunk.Kind.values()) {
            List<RowChunk> chunks = List.of(randomChunk(kind, 0, 7, 3, random), randomChunk(kind, 1, 0, 3, random),
                    randomChunk(kind, 2, 13, 3, random));
            try (ChunkCache.Writer w = ChunkCache.create(dir, source, kind.name(), kind, 3)) {
                w.add(chunks.get(2), 1);
                w.add(chunks.get(0), 1);
                w.add(chunks.get(1), 1);
                w.commit(3, Map.of()).close();
            }
            try (ChunkCache.Cached c = CacheOpener.open(ChunkCache.fileFor(dir, source, kind.name()), source,
                    kind.name(), 3)) {
                RowChunk into = new RowChunk(kind, 3);
                for (int i = 0; i < 3; i++) {
                    c.read(i, into);
                    ChunkCacheFixtures.assertSameRows(into, chunks.get(i));
                }
            }
        }
    }

    /** {@code flat} cut as {@link CacheWindows#map} cuts a file. */
    private static ByteBuffer[] split(ByteBuffer flat, long length) {
        ByteBuffer[] windows = new ByteBuffer[CacheWindows.windowCount(length, BITS)];
        for (int w = 0; w < windows.length; w++) {
            int start = (int) CacheWindows.windowStart(w, BITS);
            windows[w] = flat.duplicate().position(start).limit(start + CacheWindows.windowLength(w, length, BITS))
                    .slice().order(ByteOrder.LITTLE_ENDIAN);
        }
        return windows;
    }
}
