package io.descent.data;

import io.descent.InvalidInputException;
import io.descent.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reader of the IDX files of MNIST and Fashion-MNIST, gzipped or not (told apart by the gzip magic bytes
 * 1f 8b). An IDX file is a 4-byte magic number (0, 0, type 0x08 for unsigned bytes, number of
 * dimensions), the dimensions as big-endian 32-bit integers, then the values row-major:
 * {@code 0x00000803} for images [N, rows, cols], {@code 0x00000801} for labels [N].
 *
 * <p>The declared size is checked against the file before anything is allocated: an uncompressed file
 * must hold exactly the declared bytes; a gzipped one cannot expand more than DEFLATE allows, and its data
 * buffer grows only as decompressed bytes actually arrive. Every problem is an
 * {@link InvalidInputException} naming the file and the byte offset.
 *
 * <pre>{@code
 * Tensor images = IdxReader.images(Path.of("train-images-idx3-ubyte.gz"));   // [60000, 28, 28] in [0, 1]
 * int[] labels = IdxReader.labels(Path.of("train-labels-idx1-ubyte.gz"));
 * }</pre>
 */
public final class IdxReader {
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;
    /** DEFLATE expands data at most about 1032 times; a header claiming more than this is refused. */
    static final long MAX_GZIP_RATIO = 1100;
    /** Decompressed / compressed sizes up to this are taken at their word (image data compresses 2 to 5 times). */
    static final long PLAUSIBLE_GZIP_RATIO = 16;
    private static final int FIRST_CHUNK = 1 << 20;
    private static final float[] PIXEL = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            PIXEL[i] = i / 255f; // as x.astype(float32) / 255 in NumPy
        }
    }

    private IdxReader() {
    }

    /** Images [N, rows, cols] as float32 in [0, 1] (pixel / 255). */
    public static Tensor images(Path file) {
        return toImages(read(file, IMAGES_MAGIC));
    }

    public static Tensor images(byte[] content, String source) {
        return toImages(read(content, source, IMAGES_MAGIC));
    }

    /** Labels [N] as integers 0 .. 255. */
    public static int[] labels(Path file) {
        return toLabels(read(file, LABELS_MAGIC));
    }

    public static int[] labels(byte[] content, String source) {
        return toLabels(read(content, source, LABELS_MAGIC));
    }

    /**
     * An image data set [N, 1, rows, cols] (one channel, as convolutions take it) with its labels, checked
     * to agree in number and to lie below {@code numClasses}.
     */
    public static Dataset dataset(Path imagesFile, Path labelsFile, int numClasses) {
        Tensor images = images(imagesFile);
        int[] labels = labels(labelsFile);
        if (labels.length != images.dim(0)) {
            throw new InvalidInputException(labelsFile.toString(), "byte 4", "declares " + labels.length
                    + " labels but " + imagesFile + " declares " + images.dim(0) + " images");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= numClasses) {
                throw new InvalidInputException(labelsFile.toString(), "byte " + (8 + i), "label " + labels[i]
                        + " of sample " + i + " is not a class below " + numClasses);
            }
        }
        return Dataset.classification(images.reshape(images.dim(0), 1, images.dim(1), images.dim(2)), labels,
                numClasses);
    }

    private static Tensor toImages(Raw raw) {
        float[] pixels = new float[raw.data.length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = PIXEL[raw.data[i] & 0xFF];
        }
        return Tensor.wrap(pixels, raw.dims);
    }

    private static int[] toLabels(Raw raw) {
        int[] labels = new int[raw.data.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = raw.data[i] & 0xFF;
        }
        return labels;
    }

    /** The dimensions and the raw unsigned bytes of an IDX file. */
    record Raw(int[] dims, byte[] data) {
    }

    static Raw read(Path file, int magic) {
        String source = file.toString();
        long length;
        try {
            length = Files.size(file);
        } catch (IOException e) {
            throw new InvalidInputException(source, "", "cannot read: " + e, e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, length, source, magic);
        } catch (IOException e) {
            throw new InvalidInputException(source, "", "cannot read: " + e, e);
        }
    }

    static Raw read(byte[] content, String source, int magic) {
        return read(new ByteArrayInputStream(content), content.length, source, magic);
    }

    private static Raw read(InputStream file, long fileLength, String source, int magic) {
        BufferedInputStream buffered = new BufferedInputStream(file, 1 << 16);
        boolean gzip = isGzip(buffered, source);
        Decoder d = new Decoder(buffered, source, gzip);
        return d.read(fileLength, magic);
    }

    private static boolean isGzip(BufferedInputStream in, String source) {
        try {
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            return b0 == 0x1f && b1 == 0x8b;
        } catch (IOException e) {
            throw new InvalidInputException(source, "byte 0", "cannot read: " + e, e);
        }
    }

    /** Reads one IDX stream, counting the bytes consumed for error messages. */
    private static final class Decoder {
        private final BufferedInputStream raw;
        private final String source;
        private final boolean gzip;
        private InputStream in;
        private long position;

        Decoder(BufferedInputStream raw, String source, boolean gzip) {
            this.raw = raw;
            this.source = source;
            this.gzip = gzip;
        }

        Raw read(long fileLength, int magic) {
            try {
                in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
                int found = readInt("the magic number");
                if (found != magic) {
                    throw error(0, "magic number 0x" + hex(found) + ", expected 0x" + hex(magic) + " ("
                            + describe(magic) + ")" + (found == otherMagic(magic) ? "; is this the "
                            + describe(found) + " file?" : ""));
                }
                int[] dims = new int[magic & 0xFF];
                long size = 1;
                for (int i = 0; i < dims.length; i++) {
                    long dim = readInt("dimension " + i) & 0xFFFFFFFFL;
                    if (dim > FloatList.MAX_SIZE) {
                        throw error(4 + 4L * i, "dimension " + i + " is " + dim + ", more than a Java array holds");
                    }
                    dims[i] = (int) dim;
                    size *= dim;
                    if (size > FloatList.MAX_SIZE) {
                        throw error(4 + 4L * i, "dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                                + " declare more than " + FloatList.MAX_SIZE + " values, more than a Java array holds");
                    }
                }
                long header = position;
                checkDeclaredSize(fileLength, header, size, dims);
                // A gzipped file's data is allocated at once when its size is plausible for the compressed
                // length (Fashion-MNIST: 47 MB from 26 MB), else it grows as bytes arrive, so that a lying
                // header on a small file costs little: growing by doubling allocated and copied 110 MB for the
                // 47 MB of Fashion-MNIST's training images, a fifth of the time to the first training step.
                boolean sizeKnown = !gzip || header + size <= PLAUSIBLE_GZIP_RATIO * fileLength;
                byte[] data = readData(header, (int) size, sizeKnown);
                if (in.read() >= 0) {
                    throw error(header + size, "the file continues after the " + size + " data bytes that "
                            + Arrays.toString(dims) + " declare");
                }
                return new Raw(dims, data);
            } catch (IOException e) {
                throw error(position, (gzip ? "corrupt or truncated gzip data: " : "cannot read: ") + e.getMessage());
            }
        }

        private void checkDeclaredSize(long fileLength, long header, long size, int[] dims) {
            if (gzip) {
                long most = fileLength * MAX_GZIP_RATIO;
                if (header + size > most) {
                    throw error(4, "dimensions " + Arrays.toString(dims) + " declare " + size + " data bytes, more "
                            + "than a gzip file of " + fileLength + " bytes can hold (at most " + most + ")");
                }
            } else if (header + size != fileLength) {
                throw error(Math.min(fileLength, header + size), "dimensions " + Arrays.toString(dims) + " declare "
                        + size + " data bytes after the " + header + "-byte header, but the file has "
                        + (fileLength - header) + (header + size > fileLength ? " (truncated)" : " (extra bytes)"));
            }
        }

        /** The data, into an array that grows as bytes arrive unless the size is already known to be there. */
        private byte[] readData(long header, int size, boolean sizeKnown) throws IOException {
            byte[] data = new byte[sizeKnown ? size : Math.min(size, FIRST_CHUNK)];
            int filled = 0;
            while (filled < size) {
                if (filled == data.length) {
                    data = Arrays.copyOf(data, (int) Math.min(size, 2L * data.length));
                }
                int n = in.read(data, filled, data.length - filled);
                if (n < 0) {
                    throw error(header + filled, "truncated: the data ends after " + filled + " of the " + size
                            + " declared bytes");
                }
                filled += n;
                position += n;
            }
            return data;
        }

        private int readInt(String what) throws IOException {
            long start = position;
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int b = in.read();
                if (b < 0) {
                    throw error(start, "truncated: the file ends " + (position - start) + " bytes into " + what);
                }
                v = (v << 8) | b;
                position++;
            }
            return v;
        }

        private InvalidInputException error(long offset, String problem) {
            return new InvalidInputException(source, "byte " + offset + (gzip ? " of the decompressed data" : ""),
                    problem);
        }
    }

    private static int otherMagic(int magic) {
        return magic == IMAGES_MAGIC ? LABELS_MAGIC : IMAGES_MAGIC;
    }

    private static String describe(int magic) {
        return magic == IMAGES_MAGIC ? "images: unsigned bytes, 3 dimensions" : "labels: unsigned bytes, 1 dimension";
    }

    private static String hex(int v) {
        return String.format("%08X", v);
    }
}
