package io.descent.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descent.InvalidInputException;
import io.descent.io.CheckpointFile;
import io.descent.io.ModelFile;
import io.descent.io.SafeTensors;
import io.descent.nn.Module;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import io.descent.testing.Fuzzing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing the model file readers ({@link SafeTensors#read}, {@link ModelFile#load}, {@link ModelFile#loadInto},
 * {@link ModelFile#readArchitecture}): random bytes, mutated files (bit flips, truncation, splices, lying
 * lengths), files of other programs (no checksums, so every mutation reaches the JSON parser), headers with
 * lying dtypes, shapes and offsets, structural JSON mutations and forged architectures with valid checksums.
 * The only outcomes: a model, or an {@link InvalidInputException} with a message; never another exception, a
 * hang, or an allocation beyond the bound ({@link Fuzzing}). A model loaded into is unchanged when loading fails.
 */
class ModelFileFuzzProperties {
    private static final Path DIR = Scratch.directory("descent-fuzz-model");
    private static final Path INPUT = DIR.resolve("input.safetensors");
    private static final byte[] MODEL = FuzzFiles.modelFile(DIR.resolve("model.safetensors"));
    private static final byte[] FOREIGN = FuzzFiles.foreignFile();
    private static final String ARCHITECTURE = architectureJson();
    private static final Map<String, Tensor> WEIGHTS = FuzzFiles.model().stateDict();
    /** The model loaded into, reused: each load starts from what the previous one left. */
    private static final Module TARGET = FuzzFiles.model();
    /**
     * A forged architecture may make {@link ModelFile#load} build a model of up to the file's values plus 2^24
     * (float64: 128 MiB) before the tensors are compared; huge claims are refused before that.
     */
    private static final long LOAD_ALLOCATION = 512L << 20;

    @AfterContainer
    static void report() {
        System.out.print(Fuzzing.report());
        Scratch.delete(DIR);
    }

    // ------------------------------------------------------------------ the readers

    private static void allReaders(byte[] input) {
        FuzzFiles.write(INPUT, input);
        read(input);
        load(input);
        loadInto(input);
        Fuzzing.onlyInvalidInput("ModelFile.readArchitecture", () -> Fuzzing.show(input),
                () -> ModelFile.readArchitecture(INPUT));
    }

    private static void read(byte[] input) {
        Fuzzing.onlyInvalidInput("SafeTensors.read", () -> Fuzzing.show(input), () -> SafeTensors.read(INPUT));
    }

    /** {@code input}: what the file at INPUT was made from, for the failure message. */
    private static void load(byte[] input) {
        Fuzzing.onlyInvalidInput("ModelFile.load", () -> Fuzzing.show(input), LOAD_ALLOCATION, () -> ModelFile.load(INPUT));
    }

    /** Loading into a model either succeeds or leaves every weight and buffer as it was. */
    private static void loadInto(byte[] input) {
        Map<String, double[]> before = values(TARGET);
        boolean loaded = Fuzzing.onlyInvalidInput("ModelFile.loadInto", () -> Fuzzing.show(input), Fuzzing.MAX_ALLOCATED,
                () -> ModelFile.loadInto(TARGET, INPUT));
        if (!loaded) {
            assertThat(values(TARGET)).as("a failed load changed the model").containsExactlyEntriesOf(before);
        }
    }

    private static Map<String, double[]> values(Module m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }

    // ------------------------------------------------------------------ properties

    @Property(tries = 250)
    void randomBytes(@ForAll @Size(max = 300) byte[] input) {
        allReaders(input);
    }

    /** Random text behind a true length field: everything reaches the JSON parser. */
    @Property(tries = 250)
    void randomHeaders(@ForAll @StringLength(max = 120) String header, @ForAll @Size(max = 64) byte[] data) {
        byte[] input = FuzzFiles.file(header.getBytes(StandardCharsets.UTF_8), data);
        FuzzFiles.write(INPUT, input);
        read(input);
        loadInto(input);
    }

    @Property(tries = 500)
    void mutatedModelFiles(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int edits) {
        allReaders(Fuzzing.mutate(MODEL, seed, edits));
    }

    /** Without checksums nothing stops a mutation before the parser and the checks of every entry. */
    @Property(tries = 500)
    void mutatedFilesOfOtherPrograms(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int edits) {
        byte[] input = Fuzzing.mutate(FOREIGN, seed, edits);
        FuzzFiles.write(INPUT, input);
        read(input);
        loadInto(input);
    }

    /** The JSON of the header, mutated as JSON: values of the wrong kind, edge numbers, missing and extra fields. */
    @Property(tries = 500)
    void structurallyMutatedHeaders(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int count) throws IOException {
        JsonNode header = FuzzFiles.JSON.readTree(FuzzFiles.header(FOREIGN));
        JsonNode mutated = JsonMutations.mutate(header, new Rng(seed), count);
        byte[] input = FuzzFiles.file(mutated.toString().getBytes(StandardCharsets.UTF_8), FuzzFiles.data(FOREIGN));
        FuzzFiles.write(INPUT, input);
        read(input);
        loadInto(input);
    }

    /**
     * Headers that lie: dtypes, shapes (huge, negative, overflowing products) and offsets drawn from edge values,
     * a length field that lies or tells the truth, a little data. Nothing is allocated for what they claim.
     */
    @Property(tries = 500)
    void lyingHeaders(@ForAll long seed) {
        Rng rng = new Rng(seed);
        ObjectNode header = FuzzFiles.JSON.createObjectNode();
        int entries = rng.nextInt(4);
        String[] dtypes = {"F32", "F64", "F16", "I64", "U8", "BOOL", "f32", ""};
        for (int e = 0; e < entries; e++) {
            ObjectNode t = header.putObject(e == 0 && rng.nextInt(3) == 0 ? "0.weight" : "t" + e);
            t.put("dtype", dtypes[rng.nextInt(dtypes.length)]);
            var shape = t.putArray("shape");
            int rank = rng.nextInt(6);
            for (int d = 0; d < rank; d++) {
                shape.add(rng.nextInt(2) == 0 ? rng.nextInt(5) : edge(rng));
            }
            t.putArray("data_offsets").add(rng.nextInt(2) == 0 ? rng.nextInt(64) : edge(rng))
                    .add(rng.nextInt(2) == 0 ? rng.nextInt(64) : edge(rng));
        }
        if (rng.nextInt(3) == 0) {
            header.putObject("__metadata__").put("descent.format", "model");
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[rng.nextInt(65)];
        int padded = (json.length + 7) / 8 * 8;
        long claimed = rng.nextInt(3) == 0 ? edge(rng) : padded;
        byte[] input = FuzzFiles.withLength(claimed, json, padded, data);
        FuzzFiles.write(INPUT, input);
        read(input);
        loadInto(input);
        load(input);
    }

    private static long edge(Rng rng) {
        return JsonMutations.EDGE_INTS[rng.nextInt(JsonMutations.EDGE_INTS.length)];
    }

    /**
     * Architectures forged by someone who also writes valid checksums: the model's weights with its architecture
     * mutated as JSON (unknown types, class names, wrong or huge arguments, deep nesting). Only the fixed
     * table's types are built, and sizes are checked before anything is allocated.
     */
    @Property(tries = 400)
    void forgedArchitectures(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int count) throws IOException {
        JsonNode arch = FuzzFiles.JSON.readTree(ARCHITECTURE);
        String forged = JsonMutations.mutate(arch, new Rng(seed), count).toString();
        writeModelWithArchitecture(WEIGHTS, forged);
        load(forged.getBytes(StandardCharsets.UTF_8));
    }

    /** The same, with the architecture's text mutated byte by byte. */
    @Property(tries = 250)
    void forgedArchitectureText(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int edits) {
        byte[] text = Fuzzing.mutate(ARCHITECTURE.getBytes(StandardCharsets.UTF_8), seed, edits);
        writeModelWithArchitecture(WEIGHTS, new String(text, StandardCharsets.UTF_8));
        load(text);
    }

    /** Nesting far deeper than any model: refused with a message, no stack overflow. */
    @Example
    void deeplyNestedHeadersAndArchitectures() {
        for (int levels : new int[] {100, 2_000, 100_000}) {
            byte[] input = FuzzFiles.file(("{\"t\":" + JsonMutations.deeplyNested(levels, false) + "}")
                    .getBytes(StandardCharsets.UTF_8), new byte[0]);
            FuzzFiles.write(INPUT, input);
            read(input);
            String architecture = JsonMutations.deeplyNested(levels, true);
            writeModelWithArchitecture(Map.of(), architecture);
            load(architecture.getBytes(StandardCharsets.UTF_8));
            assertThat(catchInvalid(() -> ModelFile.load(INPUT))).contains("descent.architecture");
        }
    }

    /** A checkpoint is not a model and a model is not a checkpoint: each reader says so. */
    @Example
    void modelsAndCheckpointsAreNotMistakenForEachOther() {
        FuzzFiles.write(INPUT, MODEL);
        assertThat(catchInvalid(() -> CheckpointFile.read(INPUT))).contains("not a Descent checkpoint");
    }

    private static String catchInvalid(Fuzzing.Read read) {
        try {
            read.run();
        } catch (InvalidInputException e) {
            return e.getMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no InvalidInputException");
    }

    private static String architectureJson() {
        try {
            return SafeTensors.read(FuzzFiles.write(INPUT, MODEL)).metadata().get(ModelFile.ARCHITECTURE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A model file with valid checksums whose architecture is {@code architecture}, whatever it says. */
    private static void writeModelWithArchitecture(Map<String, Tensor> weights, String architecture) {
        try {
            SafeTensors.write(INPUT, weights, Map.of(ModelFile.FORMAT, ModelFile.MODEL, ModelFile.VERSION,
                    ModelFile.VERSION_1, ModelFile.ARCHITECTURE, architecture));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
