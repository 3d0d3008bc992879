package io.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.nn.BatchNorm1d;
import io.descent.nn.Linear;
import io.descent.nn.Module;
import io.descent.nn.Predictor;
import io.descent.nn.Sequential;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 9: a PyTorch BatchNorm state dict (num_batches_tracked as I64, weights in F32, F16 or BF16) loads
 * into the same model built in Descent unchanged and predicts what PyTorch predicts; Descent writes the count as
 * I64 too, and its older files (the count as a float) still load.
 */
class PyTorchStateDictTest {
    /** torch 1.13 has no safetensors module: the script writes the format's bytes as safetensors does. */
    private static final String SCRIPT = """
            import json, struct, sys, torch
            torch.manual_seed(0)
            m = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4))
            m.train()
            for _ in range(3):
                m(torch.randn(16, 3) * 2 + 1)
            m.eval()
            x = torch.randn(5, 3)
            NAMES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64"}
            def save(tensors, path):
                header, blobs, offset = {}, [], 0
                for name in sorted(tensors):
                    t = tensors[name].contiguous()
                    raw = t.view(torch.int16).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().tobytes()
                    header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
                    blobs.append(raw)
                    offset += len(raw)
                h = json.dumps(header, separators=(",", ":")).encode()
                h += b" " * (-len(h) % 8)
                with open(path, "wb") as f:
                    f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
            with torch.no_grad():
                sd = m.state_dict()
                save(dict(sd), sys.argv[1] + "/f32.safetensors")
                out = {"x": x, "y": m(x)}
                for kind, dt in (("f16", torch.float16), ("bf16", torch.bfloat16)):
                    narrow = {k: (v.to(dt) if v.is_floating_point() else v) for k, v in sd.items()}
                    save(narrow, sys.argv[1] + "/" + kind + ".safetensors")
                    m.load_state_dict({k: v.to(torch.float32) if v.is_floating_point() else v for k, v in narrow.items()})
                    out["y_" + kind] = m(x)
                save(out, sys.argv[1] + "/io.safetensors")
            print(int(sd["1.num_batches_tracked"]))
            """;

    private static Module model() {
        return new Sequential(new Linear(3, 4, true, new Rng(9)), new BatchNorm1d(4));
    }

    private static boolean torchWrote(Path dir) throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            return false;
        }
        Path script = Files.writeString(dir.resolve("write.py"), SCRIPT);
        Process p = new ProcessBuilder(python.toString(), script.toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("python.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        String log = Files.readString(dir.resolve("python.log"));
        if (p.exitValue() != 0) {
            assertThat(log).as("python3 fails other than for a missing torch").contains("No module named 'torch'");
            return false;
        }
        assertThat(log.strip()).isEqualTo("3");
        return true;
    }

    @Test
    void aStateDictWrittenByPyTorchLoadsUnchangedAndPredictsWhatPyTorchPredicts(@TempDir Path dir) throws Exception {
        if (!torchWrote(dir)) {
            writeAsPyTorchWould(dir);
        }
        loadsAndPredictsAsWritten(dir);
    }

    @Test
    void theSameBytesBuiltInJavaLoadAndPredictTheSame(@TempDir Path dir) throws Exception {
        writeAsPyTorchWould(dir);
        loadsAndPredictsAsWritten(dir);
    }

    private static void loadsAndPredictsAsWritten(Path dir) throws IOException {
        Map<String, Tensor> io = SafeTensors.read(dir.resolve("io.safetensors")).tensors();
        for (String kind : new String[] {"f32", "f16", "bf16"}) {
            Module m = model();
            ModelFile.loadInto(m, dir.resolve(kind + ".safetensors"));
            assertThat(m.stateDict().get("1.num_batches_tracked").getFlat(0)).as(kind).isEqualTo(3.0);
            Tensor y = new Predictor(m, 100).predict(io.get("x"));
            Tensor expected = io.get(kind.equals("f32") ? "y" : "y_" + kind);
            for (int i = 0; i < y.size(); i++) {
                assertThat(y.getFlat(i)).as(kind + " output " + i).isCloseTo(expected.getFlat(i), within(1e-5));
            }
        }
    }

    @Test
    void descentStoresTheCountAsI64AndStillReadsOlderFilesThatStoredAFloat(@TempDir Path dir) throws IOException {
        Module m = model();
        m.stateDict().get("1.num_batches_tracked").setFlat(0, 7);
        Path now = dir.resolve("now.safetensors");
        ModelFile.save(m, now);
        assertThat(header(now)).contains("\"1.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[]");
        assertThat(ModelFile.load(now).stateDict().get("1.num_batches_tracked").getFlat(0)).isEqualTo(7.0);
        // An older Descent file: every tensor in the layer's float type, under the same checksums.
        Path old = dir.resolve("old.safetensors");
        Map<String, String> meta = new java.util.LinkedHashMap<>();
        meta.put(ModelFile.FORMAT, ModelFile.MODEL);
        meta.put(ModelFile.VERSION, ModelFile.VERSION_1);
        SafeTensors.write(old, m.stateDict(), meta);
        assertThat(header(old)).contains("\"1.num_batches_tracked\":{\"dtype\":\"F32\"");
        Module back = model();
        ModelFile.loadInto(back, old);
        assertThat(back.stateDict().get("1.num_batches_tracked").getFlat(0)).isEqualTo(7.0);
        assertThat(back.stateDict().get("0.weight").toDoubleArray()).containsExactly(m.stateDict().get("0.weight")
                .toDoubleArray());
    }

    private static String header(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        int n = (int) ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(b, 8, n, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------- without python3-torch: the same bytes from Java

    /**
     * The files the script writes, from Java: a Descent model's weights stored as safetensors stores a PyTorch state
     * dict (no metadata, the count as I64, F16 and BF16 as their raw halves), and the outputs of the same model with
     * the narrowed weights, computed here in float32.
     */
    private static void writeAsPyTorchWould(Path dir) throws IOException {
        try (var scope = io.descent.autograd.GradMode.disabled()) {
            writeAsPyTorchWouldNoGrad(dir);
        }
    }

    private static void writeAsPyTorchWouldNoGrad(Path dir) throws IOException {
        Module m = model();
        m.stateDict().get("1.running_mean").copyFrom(Tensor.wrap(new float[] {0.5f, -0.25f, 1, 2}, 4));
        m.stateDict().get("1.running_var").copyFrom(Tensor.wrap(new float[] {1.5f, 0.75f, 2, 0.5f}, 4));
        Tensor x = Tensor.wrap(new float[] {1, 2, 3, -1, 0.5f, 2, 0, 0, 1, 3, -2, 1, 0.25f, 0.5f, -0.5f}, 5, 3);
        Map<String, Tensor> io = new java.util.LinkedHashMap<>();
        io.put("x", x);
        io.put("y", new Predictor(m, 100).predict(x));
        writeRaw(dir.resolve("f32.safetensors"), m, "F32");
        for (String kind : new String[] {"F16", "BF16"}) {
            Module narrowed = model();
            m.stateDict().forEach((n, t) -> {
                Tensor r = t.copy();
                for (int i = 0; i < r.size(); i++) {
                    r.setFlat(i, kind.equals("F16") ? StoredType.half(toHalf((float) t.getFlat(i)))
                            : StoredType.bfloat((short) (Float.floatToIntBits((float) t.getFlat(i)) >>> 16)));
                }
                narrowed.stateDict().get(n).copyFrom(n.endsWith("num_batches_tracked") ? t : r);
            });
            writeRaw(dir.resolve(kind.toLowerCase() + ".safetensors"), narrowed, kind);
            io.put("y_" + kind.toLowerCase(), new Predictor(narrowed, 100).predict(x));
        }
        m.stateDict().get("1.num_batches_tracked").setFlat(0, 3);
        writeRaw(dir.resolve("f32.safetensors"), m, "F32");
        SafeTensors.write(dir.resolve("io.safetensors"), io, Map.of());
    }

    private static void writeRaw(Path p, Module m, String floats) throws IOException {
        StringBuilder h = new StringBuilder("{");
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        java.util.TreeMap<String, Tensor> sorted = new java.util.TreeMap<>(m.stateDict());
        for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
            Tensor t = e.getValue();
            boolean count = e.getKey().endsWith("num_batches_tracked");
            String dtype = count ? "I64" : floats;
            int width = count ? 8 : floats.equals("F32") ? 4 : 2;
            ByteBuffer b = ByteBuffer.allocate(t.size() * width).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < t.size(); i++) {
                float v = (float) t.getFlat(i);
                if (count) {
                    b.putLong(3);
                } else if (width == 4) {
                    b.putFloat(v);
                } else {
                    b.putShort(floats.equals("F16") ? toHalf(v) : (short) (Float.floatToIntBits(v) >>> 16));
                }
            }
            int begin = data.size();
            data.write(b.array());
            h.append(h.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":{\"dtype\":\"").append(dtype)
                    .append("\",\"shape\":").append(java.util.Arrays.toString(t.shape().dims()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(begin).append(',').append(data.size()).append("]}");
        }
        byte[] header = h.append('}').toString().getBytes(StandardCharsets.UTF_8);
        byte[] padded = java.util.Arrays.copyOf(header, (header.length + 7) / 8 * 8);
        java.util.Arrays.fill(padded, header.length, padded.length, (byte) ' ');
        ByteBuffer out = ByteBuffer.allocate(8 + padded.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded.length).put(padded).put(data.toByteArray());
        Files.write(p, out.array());
    }

    /** float to IEEE half by truncation toward zero of the mantissa (normal range only: the test's values). */
    private static short toHalf(float v) {
        int bits = Float.floatToIntBits(v);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        if (v == 0) {
            return (short) sign;
        }
        return (short) (sign | (exp << 10) | ((bits >>> 13) & 0x3ff));
    }
}
