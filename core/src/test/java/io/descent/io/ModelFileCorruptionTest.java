package io.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import io.descent.nn.BatchNorm1d;
import io.descent.nn.Linear;
import io.descent.nn.Module;
import io.descent.nn.ReLU;
import io.descent.nn.Sequential;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupt and truncated model files: every one is an {@link InvalidInputException} that names the file, the
 * place and what was expected, and a model loaded into is left exactly as it was.
 */
class ModelFileCorruptionTest {
    @TempDir
    Path dir;
    Path good;
    byte[] bytes;
    int headerEnd;

    static Module model() {
        Rng rng = new Rng(3);
        return new Sequential(new Linear(2, 3, true, rng), new BatchNorm1d(3), new ReLU(), new Linear(3, 2, true, rng));
    }

    @BeforeEach
    void writeAGoodFile() throws IOException {
        good = dir.resolve("good.safetensors");
        Module m = model();
        m.forward(Tensor.randn(new Rng(4), DType.FLOAT32, 5, 2)); // running statistics move
        ModelFile.save(m, good);
        bytes = Files.readAllBytes(good);
        headerEnd = 8 + (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static Map<String, double[]> values(Module m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }

    @Test
    void aFlippedBitAnywhereIsDetected() throws IOException {
        // Two of the eight bits of every byte, rotating so that each bit position is hit all through the file.
        Module target = model();
        Map<String, double[]> before = values(target);
        Path p = dir.resolve("flipped.safetensors");
        for (int i = 0; i < bytes.length; i++) {
            for (int bit : new int[] {i % 8, (i + 3) % 8}) {
                byte[] b = bytes.clone();
                b[i] ^= (byte) (1 << bit);
                Files.write(p, b);
                String what = "bit " + bit + " of byte " + i;
                assertThatThrownBy(() -> ModelFile.load(p)).as(what).isInstanceOf(InvalidInputException.class);
                if (bit == i % 8) {
                    assertThatThrownBy(() -> ModelFile.loadInto(target, p)).as(what).isInstanceOf(InvalidInputException.class);
                }
            }
        }
        assertThat(values(target)).containsExactlyEntriesOf(before);
    }

    @Test
    void everyTruncationIsDetected() throws IOException {
        Path p = dir.resolve("short.safetensors");
        for (int n = 0; n < bytes.length; n++) {
            Files.write(p, Arrays.copyOf(bytes, n));
            int len = n;
            assertThatThrownBy(() -> ModelFile.load(p)).as("first %d bytes", len).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(p.toString());
        }
        Files.write(p, Arrays.copyOf(bytes, bytes.length - 1));
        assertThatThrownBy(() -> ModelFile.load(p)).hasMessageContaining("truncated");
        Files.write(p, Arrays.copyOf(bytes, headerEnd - 10));
        assertThatThrownBy(() -> ModelFile.load(p)).hasMessageContaining("truncated");
        Files.write(p, Arrays.copyOf(bytes, 3));
        assertThatThrownBy(() -> ModelFile.load(p)).hasMessageContaining("truncated");
    }

    @Test
    void aChangedDataByteNamesItsTensor() throws IOException {
        byte[] b = bytes.clone();
        b[b.length - 1] ^= 0x40; // the last value of the last tensor in the data
        String last = SafeTensors.read(good).tensors().keySet().stream().reduce((x, y) -> y).orElseThrow();
        InvalidInputException e = catchInvalid(write("data.safetensors", b));
        assertThat(e.location()).startsWith("tensor '" + last + "', bytes ");
        assertThat(e.getMessage()).contains("does not match its checksum").contains("a byte of the data was changed");
    }

    @Test
    void aChangedHeaderByteThatStillParsesIsCaughtByTheHeaderChecksum() throws IOException {
        String header = new String(bytes, 8, headerEnd - 8, StandardCharsets.UTF_8);
        String momentum = "momentum\\\":0."; // inside the architecture, a JSON string in the header
        int at = 8 + header.indexOf(momentum) + momentum.length();
        byte[] b = bytes.clone();
        assertThat((char) b[at]).isEqualTo('1');
        b[at] = '3'; // momentum 0.1 -> 0.3: valid JSON, a valid architecture, a different model
        InvalidInputException e = catchInvalid(write("header.safetensors", b));
        assertThat(e.getMessage()).contains("header does not match its checksum");
    }

    @Test
    void badJsonSaysWhere() throws IOException {
        byte[] b = bytes.clone();
        b[8] = '[';
        InvalidInputException e = catchInvalid(write("json.safetensors", b));
        assertThat(e.getMessage()).contains("not valid JSON");
        assertThat(e.location()).startsWith("byte ");
    }

    /** A count of batches is written back as I64: 1e30, -1 or 2.5 in a well-formed file is refused on load. */
    @Test
    void aBatchCountThatIsNoWholeNumberIsRefusedOnLoad() throws IOException {
        Map<String, String> meta = Map.of(ModelFile.FORMAT, ModelFile.MODEL, ModelFile.VERSION, ModelFile.VERSION_1,
                ModelFile.ARCHITECTURE, ArchitectureJson.write(model().spec()));
        for (double bad : new double[] {1e30, -1, 2.5, Double.NaN}) {
            Map<String, Tensor> state = new LinkedHashMap<>(model().stateDict());
            state.put("1.num_batches_tracked", Tensor.of(new double[] {bad}));
            Path p = dir.resolve("count.safetensors");
            SafeTensors.write(p, state, meta);
            assertThatThrownBy(() -> ModelFile.load(p)).as("count %s", bad).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("tensor '1.num_batches_tracked', element 0")
                    .hasMessageContaining("a count of batches is a whole number");
        }
    }

    @Test
    void wrongDtypeShapeOrAMissingTensorInAWellFormedFile() throws IOException {
        Map<String, Tensor> state = new LinkedHashMap<>(model().stateDict());
        Map<String, String> meta = Map.of(ModelFile.FORMAT, ModelFile.MODEL, ModelFile.VERSION, ModelFile.VERSION_1,
                ModelFile.ARCHITECTURE, ArchitectureJson.write(model().spec()));

        Map<String, Tensor> wrongDtype = new LinkedHashMap<>(state);
        wrongDtype.put("0.weight", state.get("0.weight").to(DType.FLOAT64));
        Path p1 = dir.resolve("dtype.safetensors");
        SafeTensors.write(p1, wrongDtype, meta);
        assertThatThrownBy(() -> ModelFile.load(p1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1 dtypes differ: 0.weight (file F64, model F32)");

        Map<String, Tensor> wrongShape = new LinkedHashMap<>(state);
        wrongShape.put("3.bias", Tensor.zeros(3));
        Path p2 = dir.resolve("shape.safetensors");
        SafeTensors.write(p2, wrongShape, meta);
        assertThatThrownBy(() -> ModelFile.load(p2)).hasMessageContaining("1 shapes differ: 3.bias (file [3], model [2])");

        Map<String, Tensor> missing = new LinkedHashMap<>(state);
        missing.remove("1.running_var");
        Path p3 = dir.resolve("missing.safetensors");
        SafeTensors.write(p3, missing, meta);
        assertThatThrownBy(() -> ModelFile.load(p3)).hasMessageContaining("1 missing from the file: 1.running_var");
        Module target = model();
        Map<String, double[]> before = values(target);
        assertThatThrownBy(() -> ModelFile.loadInto(target, p3)).hasMessageContaining("1.running_var");
        assertThat(values(target)).containsExactlyEntriesOf(before);
    }

    @Test
    void aBadArchitectureIsNamed() throws IOException {
        Map<String, Tensor> state = model().stateDict();
        Path p = dir.resolve("arch.safetensors");
        SafeTensors.write(p, state, Map.of(ModelFile.FORMAT, ModelFile.MODEL, ModelFile.VERSION, ModelFile.VERSION_1,
                ModelFile.ARCHITECTURE, "{\"type\":\"Sequential\",\"children\":[{\"type\":\"Runtime\"}]}"));
        assertThatThrownBy(() -> ModelFile.load(p)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("__metadata__ 'descent.architecture'").hasMessageContaining("module '0' of type Runtime")
                .hasMessageContaining("unknown module type");
        SafeTensors.write(p, state, Map.of(ModelFile.FORMAT, ModelFile.MODEL, ModelFile.VERSION, ModelFile.VERSION_1,
                ModelFile.ARCHITECTURE, "{\"type\":\"Sequential\",\"children\":[{\"type\":\"Dropout\",\"args\":{\"p\":[1]}}]}"));
        assertThatThrownBy(() -> ModelFile.load(p)).hasMessageContaining("children[0].args.p must be a number");
        SafeTensors.write(p, state, Map.of(ModelFile.FORMAT, ModelFile.MODEL, ModelFile.VERSION, ModelFile.VERSION_1,
                ModelFile.ARCHITECTURE, "{\"type\":"));
        assertThatThrownBy(() -> ModelFile.load(p)).hasMessageContaining("not valid JSON");
        SafeTensors.write(p, Map.of(), Map.of(ModelFile.FORMAT, ModelFile.MODEL, ModelFile.VERSION, ModelFile.VERSION_1,
                ModelFile.ARCHITECTURE, ArchitectureJson.write(io.descent.nn.Spec.of("Linear", "in_features", 40000,
                        "out_features", 40000, "bias", false, "dtype", "float32"))));
        assertThatThrownBy(() -> ModelFile.load(p)).hasMessageContaining("1600000000 values, more than the 1048576 left");
    }

    private static InvalidInputException catchInvalid(Path p) {
        try {
            ModelFile.load(p);
        } catch (InvalidInputException e) {
            assertThat(e.source()).isEqualTo(p.toString());
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError(p + " loaded without complaint");
    }
}
