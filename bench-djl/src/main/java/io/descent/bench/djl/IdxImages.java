package io.descent.bench.djl;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Fashion-MNIST's IDX files (gzipped or not), read as the PyTorch peer reads them: pixels / 255 as float32. */
final class IdxImages {
    private IdxImages() {
    }

    /** The images of {@code prefix} (train or t10k), row after row of 784 pixels in [0, 1]. */
    static float[] images(Path dir, String prefix) throws IOException {
        byte[] raw = read(dir, prefix + "-images-idx3-ubyte", 3);
        float[] x = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            x[i] = (raw[i] & 0xff) / 255.0f;
        }
        return x;
    }

    /** The labels of {@code prefix}, 0 to 9. */
    static long[] labels(Path dir, String prefix) throws IOException {
        byte[] raw = read(dir, prefix + "-labels-idx1-ubyte", 1);
        long[] y = new long[raw.length];
        for (int i = 0; i < raw.length; i++) {
            y[i] = raw[i] & 0xff;
        }
        return y;
    }

    private static byte[] read(Path dir, String name, int dims) throws IOException {
        Path file = Files.exists(dir.resolve(name + ".gz")) ? dir.resolve(name + ".gz") : dir.resolve(name);
        if (!Files.exists(file)) {
            throw new IOException("Fashion-MNIST file " + name + " not found in " + dir + " (set FMNIST_DIR)");
        }
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(file.toString().endsWith(".gz")
                        ? new GZIPInputStream(raw, 1 << 16) : raw)) {
            int magic = in.readInt();
            if (magic >> 8 != 0x08 || (magic & 0xff) != dims) {
                throw new IOException(file + ": not an IDX file of unsigned bytes with " + dims + " dimensions");
            }
            long n = 1;
            for (int d = 0; d < dims; d++) {
                n *= in.readInt();
            }
            byte[] data = new byte[Math.toIntExact(n)];
            in.readFully(data);
            return data;
        }
    }
}
