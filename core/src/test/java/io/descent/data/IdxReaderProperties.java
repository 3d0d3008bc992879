package io.descent.data;

import io.descent.tensor.Rng;
import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Fuzzing the IDX reader: random and mutated inputs end in a result or an InvalidInputException, nothing else. */
class IdxReaderProperties {
    private static final byte[] IMAGES = IdxFiles.images(4, 5, 3);
    private static final byte[] LABELS = IdxFiles.labels(9, 4);
    private static final byte[] IMAGES_GZ = IdxFiles.gzip(IMAGES);
    private static final byte[] LABELS_GZ = IdxFiles.gzip(LABELS);

    private static void both(byte[] input) {
        Fuzz.onlyInvalidInput(input, () -> IdxReader.images(input, "fuzz"));
        Fuzz.onlyInvalidInput(input, () -> IdxReader.labels(input, "fuzz"));
    }

    @Property(tries = 300)
    void randomBytes(@ForAll @Size(max = 300) byte[] input) {
        both(input);
    }

    @Property(tries = 400)
    void mutatedFiles(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int edits) {
        both(Fuzz.mutate(IMAGES, seed, edits));
        both(Fuzz.mutate(LABELS, seed, edits));
    }

    @Property(tries = 400)
    void mutatedGzipFiles(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int edits) {
        both(Fuzz.mutate(IMAGES_GZ, seed, edits));
        both(Fuzz.mutate(LABELS_GZ, seed, edits));
    }

    /** Headers with arbitrary dimensions over a little data, plain and gzipped: refused before allocating. */
    @Property(tries = 300)
    void liarHeaders(@ForAll int n, @ForAll int rows, @ForAll int cols, @ForAll @IntRange(max = 64) int data,
            @ForAll long seed) {
        byte[] payload = new byte[data];
        Rng rng = new Rng(seed);
        for (int i = 0; i < data; i++) {
            payload[i] = (byte) rng.nextInt(256);
        }
        byte[] images = IdxFiles.idx(IdxReader.IMAGES_MAGIC, new int[] {n, rows, cols}, payload);
        byte[] labels = ByteBuffer.allocate(8 + data).putInt(IdxReader.LABELS_MAGIC).putInt(n).put(payload).array();
        both(images);
        both(labels);
        both(IdxFiles.gzip(images));
        both(IdxFiles.gzip(labels));
    }
}
