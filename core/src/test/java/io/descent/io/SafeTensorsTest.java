package io.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors layer alone: round trips, and every check of a header written by hand. */
class SafeTensorsTest {
    @TempDir
    Path dir;

    /** A safetensors file: the header (padded to 8 bytes) and float32 values, little-endian. */
    static byte[] raw(String header, float... values) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(h);
        for (int i = h.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private InvalidInputException readRaw(String header, float... values) throws IOException {
        Path file = dir.resolve("raw.safetensors");
        Files.write(file, raw(header, values));
        try {
            SafeTensors.read(file);
        } catch (InvalidInputException e) {
            assertThat(e.source()).isEqualTo(file.toString());
            return e;
        }
        throw new AssertionError("read " + header + " without complaint");
    }

    @Test
    void roundTripOfTensorsOfEveryRankAndBothTypes() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("scalar", Tensor.scalar(3.5));
        tensors.put("empty", Tensor.zeros(0, 3));
        tensors.put("f64", Tensor.randn(new Rng(1), DType.FLOAT64, 2, 3, 4, 5));
        tensors.put("view", Tensor.randn(new Rng(2), DType.FLOAT32, 6, 2).sliceRows(2, 5));
        Path file = dir.resolve("t.safetensors");
        SafeTensors.write(file, tensors, Map.of("note", "héllo \"quoted\""));
        SafeTensors.Contents c = SafeTensors.read(file);
        assertThat(c.metadata()).containsExactly(Map.entry("note", "héllo \"quoted\""));
        assertThat(c.tensors().keySet()).containsExactly("scalar", "empty", "f64", "view");
        tensors.forEach((name, t) -> {
            Tensor back = c.tensors().get(name);
            assertThat(back.shape()).isEqualTo(t.shape());
            assertThat(back.dtype()).isEqualTo(t.dtype());
            assertThat(back.toDoubleArray()).containsExactly(t.toDoubleArray());
        });
        assertThatThrownBy(() -> SafeTensors.write(file, Map.of("__metadata__", Tensor.zeros(1)), Map.of()))
                .hasMessageContaining("cannot be stored");
        assertThatThrownBy(() -> SafeTensors.write(file, Map.of(), Map.of("descent.crc32.header", "0")))
                .hasMessageContaining("reserved");
    }

    @Test
    void headerChecksNameTheEntryAndWhatWasExpected() throws IOException {
        String w = "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        assertThat(readRaw("{" + w.replace("F32", "I32") + "}", 1, 2).getMessage())
                .contains("tensor 'w'").contains("dtype I32 is not supported: Descent reads F32 and F64, and F16, "
                        + "BF16 and I64 widened");
        assertThat(readRaw("{" + w.replace("F32", "Q8") + "}", 1, 2).getMessage()).contains("\"BF16\" or \"I64\"");
        assertThat(readRaw("{" + w.replace("[2]", "[3]") + "}", 1, 2).getMessage())
                .contains("span 8 bytes, but F32 [3] needs 12");
        assertThat(readRaw("{" + w.replace("[2]", "[-2]") + "}", 1, 2).getMessage()).contains("non-negative integer");
        assertThat(readRaw("{" + w.replace("[2]", "[1,1,1,1,2]") + "}", 1, 2).getMessage()).contains("at most 4 dimensions");
        assertThat(readRaw("{" + w.replace("[0,8]", "[0,8,9]") + "}", 1, 2).getMessage()).contains("[begin, end]");
        assertThat(readRaw("{" + w.replace("}", ",\"extra\":1}") + "}", 1, 2).getMessage()).contains("unknown field 'extra'");
        assertThat(readRaw("{" + w + "}", 1, 2, 3).getMessage()).contains("cover 8 bytes but the data section has 12")
                .contains("extra bytes");
        assertThat(readRaw("{" + w + "}", 1).getMessage()).contains("truncated");
        String v = "\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}";
        assertThat(readRaw("{" + w + "," + v + "}", 1, 2).getMessage()).contains("tensor 'v'")
                .contains("begins at 4 but 'w' ends at 8").contains("no gap or overlap");
        assertThat(readRaw("{" + w + ",\"__metadata__\":{\"a\":1}}", 1, 2).getMessage())
                .contains("__metadata__ 'a'").contains("must be strings");
        assertThat(readRaw("{" + w + "," + w + "}", 1, 2).getMessage()).contains("not valid JSON").contains("Duplicate field 'w'");
        assertThat(readRaw("[1, 2]").getMessage()).contains("must be a JSON object");
        InvalidInputException bad = readRaw("{\"w\":{\"dtype\" \"F32\"}}", 1, 2);
        assertThat(bad.location()).isEqualTo("byte 22");
        assertThat(bad.getMessage()).contains("not valid JSON");
        assertThat(readRaw("{" + w + "} x", 1, 2).getMessage()).contains("not valid JSON");
    }

    @Test
    void absurdOrOverlongHeaderLengthsAreRefusedBeforeAllocating() throws IOException {
        Path file = dir.resolve("len.safetensors");
        for (long n : new long[] {-1, 1L << 40, SafeTensors.MAX_HEADER_BYTES + 1, 0}) {
            Files.write(file, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array());
            assertThatThrownBy(() -> SafeTensors.read(file)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("header length is " + Long.toUnsignedString(n));
        }
        Files.write(file, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array());
        assertThatThrownBy(() -> SafeTensors.read(file)).hasMessageContaining("runs past the end of the file (16 bytes)")
                .hasMessageContaining("truncated");
        Files.write(file, new byte[5]);
        assertThatThrownBy(() -> SafeTensors.read(file)).hasMessageContaining("5 bytes, fewer than the 8");
    }
}
