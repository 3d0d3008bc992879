package io.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descent.InvalidInputException;
import io.descent.autograd.GradMode;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.EveryLayer;
import io.descent.nn.Linear;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Saving and loading models: the same predictions, the safetensors layout, matching against a model. */
class ModelFileTest {
    @TempDir
    Path dir;

    /** A model with every layer type after a few training steps, so weights and running statistics moved. */
    static Module trained(DType dtype) {
        Module net = EveryLayer.model(dtype, 11);
        Tensor x = Tensor.randn(new Rng(12), dtype, 6, 1, 8, 8);
        Tensor y = Tensor.of(new float[] {0, 1, 2, 0, 1, 2}, 6);
        for (int step = 0; step < 3; step++) {
            net.zeroGrad();
            new CrossEntropyLoss().apply(net.forward(x), y).backward();
            try (var scope = GradMode.disabled()) {
                for (Parameter p : net.parameters()) {
                    p.value().addInPlace(p.grad(), -0.1);
                }
            }
        }
        return net.eval();
    }

    private static Tensor predict(Module m, DType dtype) {
        try (var scope = GradMode.disabled()) {
            return m.forward(Tensor.randn(new Rng(13), dtype, 5, 1, 8, 8));
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aNetworkWithEveryLayerTypeGivesTheSamePredictionsAfterLoading(DType dtype) throws IOException {
        Module net = trained(dtype);
        Path file = dir.resolve("every.safetensors");
        ModelFile.save(net, file);

        Module loaded = ModelFile.load(file);
        assertThat(loaded.spec()).isEqualTo(net.spec());
        assertThat(loaded.isTraining()).isTrue(); // a loaded model starts in training mode, as a built one
        loaded.eval();
        assertThat(predict(loaded, dtype).toDoubleArray()).containsExactly(predict(net, dtype).toDoubleArray());
        net.stateDict().forEach((name, t) ->
                assertThat(loaded.stateDict().get(name).toDoubleArray()).as(name).containsExactly(t.toDoubleArray()));

        Module built = EveryLayer.model(dtype, 99);
        ModelFile.loadInto(built, file);
        built.eval();
        assertThat(predict(built, dtype).toDoubleArray()).containsExactly(predict(net, dtype).toDoubleArray());
        assertThat(ModelFile.readArchitecture(file)).isEqualTo(net.spec());
    }

    @Test
    void theFileIsPlainSafetensors() throws IOException {
        Module net = new Sequential(new Linear(2, 3, true, new Rng(0)), new ReLU(), new Linear(3, 1, false, new Rng(1)));
        Path file = dir.resolve("mlp.safetensors");
        ModelFile.save(net, file);
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(n % 8).isZero();
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        assertThat(header.get("0.weight").get("dtype").textValue()).isEqualTo("F32");
        assertThat(header.get("0.weight").get("shape").toString()).isEqualTo("[3,2]");
        assertThat(header.get("0.weight").get("data_offsets").toString()).isEqualTo("[0,24]");
        assertThat(header.get("0.bias").get("data_offsets").toString()).isEqualTo("[24,36]");
        assertThat(header.get("2.weight").get("data_offsets").toString()).isEqualTo("[36,48]");
        assertThat(bytes.length).isEqualTo(8 + n + 48);
        JsonNode meta = header.get("__metadata__");
        assertThat(meta.get("descent.format").textValue()).isEqualTo("model");
        assertThat(new ObjectMapper().readTree(meta.get("descent.architecture").textValue()).get("type").textValue())
                .isEqualTo("Sequential");
        assertThat(meta.get("descent.crc32.header").textValue()).matches("[0-9a-f]{8}");
        float first = ByteBuffer.wrap(bytes, (int) (8 + n), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertThat(first).isEqualTo((float) ((Linear) ((Sequential) net).get(0)).weight().value().getFlat(0));
    }

    @Test
    void aForgedArchitectureInATinyFileCannotMakeTheLoaderAllocateMuch() throws IOException {
        // The architecture of a 16-million-parameter MLP over one tiny tensor: refused before it is built.
        Path file = dir.resolve("liar.safetensors");
        java.util.Map<String, String> meta = new java.util.LinkedHashMap<>();
        meta.put(ModelFile.FORMAT, ModelFile.MODEL);
        meta.put(ModelFile.VERSION, ModelFile.VERSION_1);
        meta.put(ModelFile.ARCHITECTURE, ArchitectureJson.write(Models.mlp(4000, 10).hidden(4000).build().spec()));
        SafeTensors.write(file, java.util.Map.of("0.bias", Tensor.zeros(DType.FLOAT32, 4)), meta);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString());
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(16L << 20);
    }

    @Test
    void aNegativeRunningVarianceIsRefusedAndTheModelKeptUnchanged() throws IOException {
        Module net = Models.mlp(3, 2).hidden(4).batchNorm(true).build();
        Path file = dir.resolve("bn.safetensors");
        ModelFile.save(net, file);
        SafeTensors.Contents c = SafeTensors.read(file);
        java.util.Map<String, Tensor> tensors = new java.util.LinkedHashMap<>(c.tensors());
        Tensor var = tensors.get("1.running_var").copy();
        var.setFlat(2, -0.5);
        tensors.put("1.running_var", var);
        Path forged = dir.resolve("forged.safetensors");
        SafeTensors.write(forged, tensors, c.metadata());
        assertThatThrownBy(() -> ModelFile.load(forged)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'1.running_var', element 2").hasMessageContaining("0 or more");
        Module target = Models.mlp(3, 2).hidden(4).batchNorm(true).build();
        assertThatThrownBy(() -> ModelFile.loadInto(target, forged)).isInstanceOf(InvalidInputException.class);
        assertThat(target.stateDict().get("1.running_var").toDoubleArray()).containsOnly(1.0);
    }

    @Test
    void writesReplaceTheFileAtomicallyAndLeaveNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(Models.linear(3, 1), file);
        ModelFile.save(Models.mlp(3, 1).hidden(4).batchNorm(true).build(), file);
        assertThat(ModelFile.load(file).parameterCount()).isEqualTo(3 * 4 + 4 + 4 + 4 + 4 + 1);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("m.safetensors");
        }
        assertThatThrownBy(() -> ModelFile.save(Models.linear(3, 1), dir.resolve("no/such/dir/m.safetensors")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void loadingIntoAModelThatDiffersListsEveryDifferenceAndChangesNothing() throws IOException {
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(Models.mlp(4, 2).hidden(3).build(), file); // 0.*, 2.*
        Module other = new Sequential(new Linear(5, 3, true, new Rng(0)), new ReLU(), new Linear(3, 2, false, new Rng(0)),
                new Linear(2, 2, true, new Rng(0)));
        Map<String, double[]> before = values(other);
        assertThatThrownBy(() -> ModelFile.loadInto(other, file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("m.safetensors")
                .hasMessageContaining("2 missing from the file: 3.weight, 3.bias")
                .hasMessageContaining("1 in the file but not in the model: 2.bias")
                .hasMessageContaining("1 shapes differ: 0.weight (file [3, 4], model [3, 5])");
        assertThat(values(other)).containsExactlyEntriesOf(before);

        Module float64 = Models.mlp(4, 2).hidden(3).dtype(DType.FLOAT64).build();
        assertThatThrownBy(() -> ModelFile.loadInto(float64, file))
                .hasMessageContaining("4 dtypes differ: 0.weight (file F32, model F64), 0.bias (file F32, model F64)");
    }

    private static Map<String, double[]> values(Module m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }

    @Test
    void weightsAloneForModulesOfYourOwn() throws IOException {
        Module custom = new Module() {
            final Parameter w = registerParameter("w", Tensor.of(new float[] {1, 2, 3}, 3));

            @Override
            public Tensor forward(Tensor x) {
                return x.mul(w.value());
            }
        };
        Path file = dir.resolve("custom.safetensors");
        assertThatThrownBy(() -> ModelFile.save(custom, file)).hasMessageContaining("does not describe its architecture");
        ModelFile.saveWeights(custom, file);
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no architecture").hasMessageContaining("loadInto");
        try (var scope = GradMode.disabled()) {
            custom.parameters().get(0).value().fill(0);
        }
        ModelFile.loadInto(custom, file);
        assertThat(custom.parameters().get(0).value().toFloatArray()).containsExactly(1, 2, 3);
    }

    @Test
    void weightsWrittenByAnotherProgramLoadIntoAModel() throws IOException {
        // As safetensors' save_file writes a torch.nn.Linear(2, 1): no Descent metadata, no checksums.
        String header = "{\"__metadata__\":{\"format\":\"pt\"},\"bias\":{\"dtype\":\"F32\",\"shape\":[1],"
                + "\"data_offsets\":[0,4]},\"weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[4,12]}}";
        Path file = dir.resolve("torch.safetensors");
        Files.write(file, SafeTensorsTest.raw(header, 0.5f, 2f, -3f));
        Linear layer = new Linear(2, 1, true, new Rng(0));
        ModelFile.loadInto(layer, file);
        assertThat(layer.weight().value().toFloatArray()).containsExactly(2f, -3f);
        assertThat(layer.bias().value().toFloatArray()).containsExactly(0.5f);
        assertThatThrownBy(() -> ModelFile.load(file)).hasMessageContaining("no architecture");
        assertThat(SafeTensors.read(file).metadata()).containsExactly(Map.entry("format", "pt"));
    }

    @Test
    void aFileFromANewerDescentIsRefusedByVersion() throws IOException {
        Path file = dir.resolve("v2.safetensors");
        SafeTensors.write(file, Map.of(), Map.of(ModelFile.FORMAT, ModelFile.MODEL, ModelFile.VERSION, "2"));
        assertThatThrownBy(() -> ModelFile.loadInto(new ReLU(), file)).hasMessageContaining("version 1, the file has \"2\"");
        SafeTensors.write(file, Map.of(), Map.of(ModelFile.FORMAT, "checkpoint", ModelFile.VERSION, "1"));
        assertThatThrownBy(() -> ModelFile.loadInto(new ReLU(), file)).hasMessageContaining("not a Descent model file");
        assertThat(List.of(ModelFile.FORMAT, ModelFile.VERSION, ModelFile.ARCHITECTURE)).allMatch(k -> k.startsWith("descent."));
    }
}
