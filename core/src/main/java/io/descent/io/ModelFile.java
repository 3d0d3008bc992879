package io.descent.io;

import io.descent.InvalidInputException;
import io.descent.autograd.GradMode;
import io.descent.nn.Architecture;
import io.descent.nn.Module;
import io.descent.nn.Spec;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model in one file: its parameters and buffers by name (the {@link Module#stateDict()}, names as in
 * PyTorch: {@code 0.weight}, {@code 1.running_mean}) in the {@link SafeTensors} layout, and in the header's
 * {@code __metadata__} its architecture ({@link Module#spec()} as JSON under {@value #ARCHITECTURE}), so
 * {@link #load} rebuilds the model from the file alone, through {@link Architecture}'s fixed table.
 *
 * <p>Loading validates the whole file and checks it against the model (names, shapes, dtypes, listing every
 * difference) before it copies a single value: a bad file is an {@link InvalidInputException}, never a
 * half-loaded model. Saving writes a temporary file and renames it.
 *
 * <pre>{@code
 * ModelFile.save(model, Path.of("mlp.safetensors"));
 * Module again = ModelFile.load(Path.of("mlp.safetensors"));        // same predictions
 * ModelFile.loadInto(Models.cnn(), Path.of("cnn.safetensors"));     // weights into a model built in code
 * }</pre>
 *
 * <p>In PyTorch: {@code safetensors.torch.load_file("mlp.safetensors")} gives the state dict, with
 * num_batches_tracked stored as I64 as PyTorch stores it. Loading reads PyTorch's files unchanged: I64 counts, and
 * F16 and BF16 weights widened to the model's type; files of older Descent versions, which stored the count in the
 * layer's float type, load too.
 */
public final class ModelFile {
    /** Metadata key: what the file is, {@value #MODEL}. */
    public static final String FORMAT = "descent.format";
    public static final String MODEL = "model";
    /** Metadata key: the layout version, {@value #VERSION_1}. */
    public static final String VERSION = "descent.version";
    public static final String VERSION_1 = "1";
    /** Metadata key: the architecture as JSON. */
    public static final String ARCHITECTURE = "descent.architecture";
    /**
     * How many more values than the file holds a rebuilt model may allocate before the names and shapes are
     * compared: enough to report a missing bias or BatchNorm buffer by name, and 4 MB of float32 at most for a
     * forged architecture in a tiny file (it was 2^24, 64 to 128 MB).
     */
    private static final long SLACK_VALUES = 1 << 20;
    private static final String COUNT = "num_batches_tracked";

    private ModelFile() {
    }

    /** Saves the model's weights and architecture; the model's layers must all describe themselves ({@link Module#spec()}). */
    public static void save(Module model, Path path) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT, MODEL);
        meta.put(VERSION, VERSION_1);
        meta.put(ARCHITECTURE, ArchitectureJson.write(model.spec()));
        SafeTensors.write(path, model.stateDict(), meta, ModelFile::isCount);
    }

    /** Saves the weights alone, for a model with modules of your own: read them back with {@link #loadInto}. */
    public static void saveWeights(Module model, Path path) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT, MODEL);
        meta.put(VERSION, VERSION_1);
        SafeTensors.write(path, model.stateDict(), meta, ModelFile::isCount);
    }

    /** A buffer that counts (BatchNorm's num_batches_tracked): stored as I64, as PyTorch stores it. */
    static boolean isCount(String name) {
        return name.equals(COUNT) || name.endsWith("." + COUNT);
    }

    /**
     * The model in the file, rebuilt from its architecture, with its weights. Like a model built in code it
     * starts in training mode: call {@code eval()} before predicting with BatchNorm or Dropout in it.
     */
    public static Module load(Path path) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(path);
        String file = path.toString();
        Spec spec = architecture(file, contents.metadata());
        // The model may hold at most what the file holds (plus slack, so that a missing or misshapen tensor is
        // reported by name below): a forged architecture cannot make us allocate gigabytes.
        long values = SLACK_VALUES;
        for (Tensor t : contents.tensors().values()) {
            values += t.size();
        }
        Module model;
        try {
            model = Architecture.build(spec, values);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(file, SafeTensors.METADATA + " '" + ARCHITECTURE + "'",
                    "the architecture does not describe a model: " + e.getMessage(), e);
        }
        copy(file, contents, model);
        return model;
    }

    /** Copies the file's weights into {@code model}, after checking that names, shapes and dtypes all match. */
    public static void loadInto(Module model, Path path) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(path);
        checkVersion(path.toString(), contents.metadata());
        copy(path.toString(), contents, model);
    }

    /** The architecture recorded in a file, without building the model. */
    public static Spec readArchitecture(Path path) throws IOException {
        return architecture(path.toString(), SafeTensors.read(path).metadata());
    }

    private static Spec architecture(String file, Map<String, String> metadata) {
        checkVersion(file, metadata);
        String json = metadata.get(ARCHITECTURE);
        if (json == null) {
            throw new InvalidInputException(file, SafeTensors.METADATA, "no architecture ('" + ARCHITECTURE + "'): "
                    + "the file holds weights alone; build the model in code and use ModelFile.loadInto");
        }
        try {
            return ArchitectureJson.read(json);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(file, SafeTensors.METADATA + " '" + ARCHITECTURE + "'", e.getMessage(), e);
        }
    }

    private static void checkVersion(String file, Map<String, String> metadata) {
        boolean ours = metadata.keySet().stream().anyMatch(k -> k.startsWith(SafeTensors.DESCENT_PREFIX));
        if (!ours) {
            return; // weights written by another program
        }
        if (!MODEL.equals(metadata.get(FORMAT))) {
            throw new InvalidInputException(file, SafeTensors.METADATA + " '" + FORMAT + "'", "expected \"" + MODEL
                    + "\", got " + quoted(metadata.get(FORMAT)) + ": not a Descent model file");
        }
        if (!VERSION_1.equals(metadata.get(VERSION))) {
            throw new InvalidInputException(file, SafeTensors.METADATA + " '" + VERSION + "'", "this Descent reads "
                    + "model files of version " + VERSION_1 + ", the file has " + quoted(metadata.get(VERSION)));
        }
    }

    private static String quoted(String s) {
        return s == null ? "none" : "\"" + s + "\"";
    }

    /** Checks every name, shape and dtype first, then copies: all or nothing. */
    private static void copy(String file, SafeTensors.Contents contents, Module model) {
        copy(file, contents.tensors(), contents.widened(), model);
    }

    static void copy(String file, Map<String, Tensor> stored, Module model) {
        copy(file, stored, Map.of(), model);
    }

    /**
     * Checks that {@code stored} holds exactly the model's tensors (names, shapes, dtypes), then copies them in. A
     * tensor stored narrower (F16, BF16) or as an integer (I64) goes into the model's float type, and so does a
     * count (num_batches_tracked) of any type: older Descent files stored it in the layer's float type.
     */
    static void copy(String file, Map<String, Tensor> stored, Map<String, String> widened, Module model) {
        Map<String, Tensor> state = model.stateDict();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> shapes = new ArrayList<>();
        List<String> dtypes = new ArrayList<>();
        state.forEach((name, t) -> {
            Tensor s = stored.get(name);
            if (s == null) {
                missing.add(name);
            } else if (!s.shape().equals(t.shape())) {
                shapes.add(name + " (file " + s.shape() + ", model " + t.shape() + ")");
            } else if (s.dtype() != t.dtype() && !widened.containsKey(name) && !isCount(name)) {
                dtypes.add(name + " (file " + s.dtype().safetensorsName() + ", model " + t.dtype().safetensorsName() + ")");
            }
        });
        stored.keySet().stream().filter(n -> !state.containsKey(n)).forEach(unexpected::add);
        List<String> problems = new ArrayList<>();
        describe(problems, "missing from the file", missing);
        describe(problems, "in the file but not in the model", unexpected);
        describe(problems, "shapes differ", shapes);
        describe(problems, "dtypes differ", dtypes);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(file, "tensors", "the file does not match the model " + model + ": "
                    + String.join("; ", problems));
        }
        stored.forEach((name, t) -> {
            if (isCount(name)) {   // written back as I64: a count is a whole number from 0 to 2^53
                for (int i = 0; i < t.size(); i++) {
                    double c = t.getFlat(i);
                    if (!(c >= 0 && c <= (double) (1L << 53) && c == Math.rint(c))) {
                        throw new InvalidInputException(file, "tensor '" + name + "', element " + i, "holds " + c
                                + "; a count of batches is a whole number from 0 to 2^53");
                    }
                }
            }
            if (name.endsWith("running_var")) {   // a negative one would make every output of the layer NaN
                for (int i = 0; i < t.size(); i++) {
                    if (!(t.getFlat(i) >= 0)) {
                        throw new InvalidInputException(file, "tensor '" + name + "', element " + i, "holds "
                                + t.getFlat(i) + "; a running variance is a number, 0 or more");
                    }
                }
            }
        });
        try (var scope = GradMode.disabled()) {
            state.forEach((name, t) -> {
                Tensor s = stored.get(name);
                t.copyFrom(s.dtype() == t.dtype() ? s : s.to(t.dtype()));
            });
        }
    }

    private static void describe(List<String> problems, String what, List<String> names) {
        if (!names.isEmpty()) {
            problems.add(names.size() + " " + what + ": " + String.join(", ", names));
        }
    }
}
