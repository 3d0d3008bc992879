package io.descent.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files for tests. */
final class IdxFiles {
    private IdxFiles() {
    }

    /** An IDX file of unsigned bytes with the given magic, dimensions and data. */
    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    /** {@code n} images of {@code rows x cols} whose pixel k of image i is (7 i + k) mod 256. */
    static byte[] images(int n, int rows, int cols) {
        byte[] data = new byte[n * rows * cols];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < rows * cols; k++) {
                data[i * rows * cols + k] = (byte) (7 * i + k);
            }
        }
        return idx(IdxReader.IMAGES_MAGIC, new int[] {n, rows, cols}, data);
    }

    /** Labels i mod {@code classes}. */
    static byte[] labels(int n, int classes) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) (i % classes);
        }
        return idx(IdxReader.LABELS_MAGIC, new int[] {n}, data);
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
