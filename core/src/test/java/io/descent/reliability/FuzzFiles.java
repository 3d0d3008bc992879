package io.descent.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descent.io.ModelFile;
import io.descent.nn.EveryLayer;
import io.descent.nn.Module;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Files for the fuzzers: a Descent model file, the same weights as another program writes them, raw headers. */
final class FuzzFiles {
    static final ObjectMapper JSON = new ObjectMapper();

    private FuzzFiles() {
    }

    /** The network with every layer type, float32, its BatchNorm statistics moved by one batch of 1x8x8 images. */
    static Module model() {
        Module m = EveryLayer.model(DType.FLOAT32, 1);
        m.forward(Tensor.randn(new Rng(2), DType.FLOAT32, 4, 1, 8, 8));
        return m;
    }

    /** {@link #model()} as {@link ModelFile#save} writes it: with architecture and checksums. */
    static byte[] modelFile(Path scratch) {
        try {
            ModelFile.save(model(), scratch);
            return Files.readAllBytes(scratch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same weights with a bare header, as NumPy or PyTorch write them: no metadata, so no checksums. */
    static byte[] foreignFile() {
        ObjectNode header = JSON.createObjectNode();
        Map<String, Tensor> state = model().stateDict();
        ByteBuffer data = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Tensor t = e.getValue();
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", "F32");
            var shape = entry.putArray("shape");
            for (int d : t.shape().dims()) {
                shape.add(d);
            }
            int begin = data.position();
            for (int i = 0; i < t.size(); i++) {
                data.putFloat((float) t.getFlat(i));
            }
            entry.putArray("data_offsets").add(begin).add(data.position());
        }
        return file(header.toString().getBytes(StandardCharsets.UTF_8), Arrays.copyOf(data.array(), data.position()));
    }

    /** A safetensors file: the header's true length, the header padded with spaces to a multiple of 8, the data. */
    static byte[] file(byte[] header, byte[] data) {
        int padded = (header.length + 7) / 8 * 8;
        return withLength(padded, header, padded, data);
    }

    /** A file whose length field says {@code claimed}, whatever the header really holds. */
    static byte[] withLength(long claimed, byte[] header, int padded, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + Math.max(padded, header.length) + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(claimed);
        b.put(header);
        for (int i = header.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        b.put(data);
        return b.array();
    }

    /** The JSON header of a safetensors file's bytes (its length field taken as true). */
    static String header(byte[] file) {
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(file, 8, (int) n, StandardCharsets.UTF_8).strip();
    }

    /** The data section of a safetensors file's bytes. */
    static byte[] data(byte[] file) {
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return Arrays.copyOfRange(file, 8 + (int) n, file.length);
    }

    /** Writes {@code content} to {@code path}, replacing it. */
    static Path write(Path path, byte[] content) {
        try {
            Files.write(path, content);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
