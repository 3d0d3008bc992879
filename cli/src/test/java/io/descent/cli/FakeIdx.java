package io.descent.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Small files in Fashion-MNIST's layout (gzipped IDX): class k is a bright bar across rows 2k and 2k + 1, plus noise. */
public final class FakeIdx {
    private FakeIdx() {
    }

    public static void write(Path dir, int train, int test) throws IOException {
        Random rng = new Random(1);
        write(dir, "train", train, rng);
        write(dir, "t10k", test, rng);
    }

    private static void write(Path dir, String prefix, int n, Random rng) throws IOException {
        byte[] labels = new byte[n];
        byte[] pixels = new byte[n * 28 * 28];
        for (int i = 0; i < n; i++) {
            int k = i % 10;
            labels[i] = (byte) k;
            for (int p = 0; p < 28 * 28; p++) {
                int row = p / 28;
                int v = (row == 4 + 2 * k || row == 5 + 2 * k ? 200 : 0) + rng.nextInt(50);
                pixels[i * 28 * 28 + p] = (byte) v;
            }
        }
        gzip(dir.resolve(prefix + "-images-idx3-ubyte.gz"), 0x00000803, new int[] {n, 28, 28}, pixels);
        gzip(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), 0x00000801, new int[] {n}, labels);
    }

    private static void gzip(Path file, int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(raw);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        out.flush();
        try (OutputStream f = new GZIPOutputStream(Files.newOutputStream(file))) {
            f.write(raw.toByteArray());
        }
    }
}
