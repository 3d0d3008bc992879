package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsImagesScaledToTheUnitIntervalGzippedOrNot() {
        byte[] raw = IdxFiles.images(3, 2, 4);
        for (byte[] file : new byte[][] {raw, IdxFiles.gzip(raw)}) {
            Tensor t = IdxReader.images(file, "images");
            assertThat(t.shape().dims()).containsExactly(3, 2, 4);
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 8; k++) {
                    assertThat(t.get(i, k / 4, k % 4)).isEqualTo(((7 * i + k) & 0xFF) / 255f);
                }
            }
        }
        assertThat(IdxReader.labels(IdxFiles.gzip(IdxFiles.labels(5, 3)), "labels")).containsExactly(0, 1, 2, 0, 1);
    }

    @Test
    void readsFilesAndBuildsAnImageDataSet() throws IOException {
        Path images = Files.write(dir.resolve("i.gz"), IdxFiles.gzip(IdxFiles.images(6, 3, 3)));
        Path labels = Files.write(dir.resolve("l"), IdxFiles.labels(6, 4));
        Dataset d = IdxReader.dataset(images, labels, 4);
        assertThat(d.features().shape().dims()).containsExactly(6, 1, 3, 3);
        assertThat(d.labels()).containsExactly(0, 1, 2, 3, 0, 1);
        assertThat(d.numClasses()).isEqualTo(4);
    }

    private static void fails(byte[] file, String... words) {
        assertThatThrownBy(() -> IdxReader.images(file, "f.idx")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("f.idx, byte ").hasMessageContainingAll(words);
    }

    @Test
    void badMagicSaysWhatWasExpected() {
        fails(IdxFiles.labels(4, 2), "byte 0:", "0x00000801", "expected 0x00000803", "is this the labels");
        fails(new byte[] {1, 2, 3, 4, 0, 0, 0, 0}, "0x01020304");
        assertThatThrownBy(() -> IdxReader.labels(IdxFiles.images(1, 1, 1), "l"))
                .hasMessageContaining("is this the images: unsigned bytes, 3 dimensions file");
    }

    @Test
    void truncatedOrLongerFilesNameTheOffset() {
        byte[] good = IdxFiles.images(2, 3, 3);
        fails(Arrays.copyOf(good, good.length - 1), "byte 33:", "declare 18 data bytes", "file has 17 (truncated)");
        fails(Arrays.copyOf(good, good.length + 2), "byte 34:", "file has 20 (extra bytes)");
        fails(Arrays.copyOf(good, 10), "byte 8:", "ends 2 bytes into dimension 1");
        fails(new byte[0], "byte 0:", "ends 0 bytes into the magic number");
    }

    @Test
    void truncatedOrCorruptGzipIsReportedInDecompressedBytes() {
        byte[] gz = IdxFiles.gzip(IdxFiles.images(50, 10, 10));
        fails(Arrays.copyOf(gz, gz.length - 20), "of the decompressed data", "gzip");
        byte[] corrupt = gz.clone();
        for (int i = 20; i < 40; i++) {
            corrupt[i] ^= 0x5A;
        }
        fails(corrupt, "of the decompressed data");
        byte[] longer = IdxFiles.gzip(Arrays.copyOf(IdxFiles.images(2, 2, 2), 30));
        fails(longer, "byte 24 of the decompressed data", "continues after the 8 data bytes");
    }

    @Test
    void aHeaderClaimingAHugeSizeIsRefusedBeforeAllocating() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        fails(IdxFiles.idx(IdxReader.IMAGES_MAGIC, new int[] {60000, 50000, 50000}, new byte[10]),
                "more than a Java array holds");
        fails(IdxFiles.idx(IdxReader.IMAGES_MAGIC, new int[] {-1, 1, 1}, new byte[10]), "4294967295");
        fails(IdxFiles.idx(IdxReader.IMAGES_MAGIC, new int[] {1000, 1000, 1000}, new byte[10]),
                "declare 1000000000 data bytes", "file has 10 (truncated)");
        fails(IdxFiles.gzip(IdxFiles.idx(IdxReader.IMAGES_MAGIC, new int[] {1000, 1000, 1000}, new byte[10])),
                "more than a gzip file of", "can hold");
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(allocated).isLessThan(8 << 20);
    }

    @Test
    void imageAndLabelFilesMustAgree() throws IOException {
        Path images = Files.write(dir.resolve("i"), IdxFiles.images(5, 2, 2));
        Path fewer = Files.write(dir.resolve("l4"), IdxFiles.labels(4, 2));
        Path highLabel = Files.write(dir.resolve("l5"), IdxFiles.labels(5, 5));
        assertThatThrownBy(() -> IdxReader.dataset(images, fewer, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageContainingAll("l4, byte 4", "4 labels", "5 images");
        assertThatThrownBy(() -> IdxReader.dataset(images, highLabel, 3)).isInstanceOf(InvalidInputException.class)
                .hasMessageContainingAll("l5, byte 11", "label 3 of sample 3", "below 3");
    }

    @Test
    void aMissingFileIsReportedAsSuch() {
        assertThatThrownBy(() -> IdxReader.images(dir.resolve("absent.idx"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContainingAll("absent.idx", "cannot read");
    }
}
