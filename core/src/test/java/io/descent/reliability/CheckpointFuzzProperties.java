package io.descent.reliability;

import io.descent.data.Dataset;
import io.descent.data.Synthetic;
import io.descent.io.CheckpointFile;
import io.descent.io.SafeTensors;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.optim.AdamConfig;
import io.descent.optim.Optimizer;
import io.descent.optim.Optimizers;
import io.descent.schedule.ReduceOnPlateau;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import io.descent.testing.Fuzzing;
import io.descent.train.Checkpointer;
import io.descent.train.EarlyStopping;
import io.descent.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing the checkpoint readers: {@link CheckpointFile#read} (with the model and optimizer state restored into
 * fresh ones) and a whole resume ({@link Trainer.Builder#resumeFrom}, which also restores the data order, the
 * Dropout generators, the plateau schedule, the history and the callbacks' state, then trains on). Inputs: random
 * bytes, mutated checkpoint files, and checkpoints forged with valid checksums whose entries lie (numbers out of
 * range or not numbers, missing or extra entries, tensors of the wrong shape or type, NaN). The only outcomes: a
 * run that continues, or an {@link io.descent.InvalidInputException} with a message.
 */
class CheckpointFuzzProperties {
    private static final Path DIR = Scratch.directory("descent-fuzz-checkpoint");
    private static final Path INPUT = DIR.resolve("input.safetensors");
    private static final Path OUT = DIR.resolve("out");
    private static final Dataset DATA = Synthetic.blobs(48, 3, 0.5, 1);
    private static final int EPOCHS = 3;
    private static final byte[] CHECKPOINT = checkpoint();
    private static final SafeTensors.Contents CONTENTS = contents();
    private static final String[] EDGE_VALUES = {"", "0", "1", "-1", "2", "3", "7", "NaN", "Infinity", "-Infinity",
        "1e400", "4.9E-324", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "2147483648",
        "-2147483649", "abc", "true", "false", "[]", "{}", "null", "[{\"epoch\":1}]", "[{\"epoch\":\"x\"}]",
        "[{\"epoch\":1,\"train_loss\":\"oops\"}]", "[1,2]", "0,false,0", "1,true,7ff8000000000000", "1,maybe,0",
        "ffffffffffffffff", "7ff0000000000000", "adam", "sgd", "model", "checkpoint"};

    @AfterContainer
    static void report() {
        System.out.print(Fuzzing.report());
        Scratch.delete(DIR);
    }

    private static Module model() {
        return Models.mlp(2, 3).hidden(8).batchNorm(true).dropout(0.2).seed(5).build();
    }

    private static Optimizer optimizer(Module m) {
        return Optimizers.adam(m.parameters(), AdamConfig.defaults().withLr(0.01).withAmsgrad(true));
    }

    /** A run with every kind of state a checkpoint holds: Dropout, BatchNorm, AMSGrad, plateau, early stopping. */
    private static Trainer trainer(Path resume) {
        Trainer.Builder b = Trainer.builder().batchSize(16).seed(3)
                .plateau(new ReduceOnPlateau(ReduceOnPlateau.Config.defaults().withPatience(1)), "train_loss")
                .callbacks(new EarlyStopping("train_loss", 5, 0, true), Checkpointer.every(OUT, 1));
        return resume == null ? b.build() : b.resumeFrom(resume).build();
    }

    private static byte[] checkpoint() {
        try {
            Module m = model();
            trainer(null).fit(m, new CrossEntropyLoss(), optimizer(m), DATA, DATA, EPOCHS - 1);
            return Files.readAllBytes(OUT.resolve(Checkpointer.LAST));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SafeTensors.Contents contents() {
        try {
            return SafeTensors.read(FuzzFiles.write(INPUT, CHECKPOINT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ the readers

    private static void readers(String description) {
        Fuzzing.onlyInvalidInput("CheckpointFile.read", () -> description, () -> {
            CheckpointFile.Contents c = CheckpointFile.read(INPUT);
            Module m = model();
            c.restoreModel(m);
            optimizer(m).load(c.optimizer());
        });
        Fuzzing.onlyInvalidInput("Trainer.resumeFrom", () -> description, () -> {
            Module m = model();
            try {
                trainer(INPUT).fit(m, new CrossEntropyLoss(), optimizer(m), DATA, DATA, EPOCHS);
            } catch (io.descent.train.TrainingDivergedException diverged) {
                // Numbers that are valid but extreme (Adam moments of 1e30, found by this fuzzer) cannot be told
                // from a real run's: the resumed run diverges and the trainer's guard stops it with its own
                // error, naming epoch and step. Structurally impossible values (NaN, a negative variance) are
                // refused when read, as the other readers here check.
                org.assertj.core.api.Assertions.assertThat(diverged.getMessage()).contains("training diverged at epoch");
            }
        });
    }

    // ------------------------------------------------------------------ properties

    @Property(tries = 100)
    void randomBytes(@ForAll @Size(max = 300) byte[] input) {
        FuzzFiles.write(INPUT, input);
        readers(Fuzzing.show(input));
    }

    @Property(tries = 300)
    void mutatedCheckpointFiles(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int edits) {
        byte[] input = Fuzzing.mutate(CHECKPOINT, seed, edits);
        FuzzFiles.write(INPUT, input);
        readers(Fuzzing.show(input));
    }

    /** Checkpoints forged with valid checksums: every entry may lie, and nothing but the checks stops it. */
    /** Found by {@link #forgedCheckpoints}: a negative running variance made every later output NaN. */
    @net.jqwik.api.Example
    void aNegativeRunningVarianceIsRefusedWhenRead() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(CONTENTS.tensors());
        String name = tensors.keySet().stream().filter(n -> n.endsWith("running_var")).findFirst().orElseThrow();
        Tensor forged = tensors.get(name).copy();
        forged.setFlat(1, -1.0);
        tensors.put(name, forged);
        SafeTensors.write(INPUT, tensors, CONTENTS.metadata());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CheckpointFile.read(INPUT))
                .isInstanceOf(io.descent.InvalidInputException.class)
                .hasMessageContaining("'" + name + "', element 1").hasMessageContaining("never negative");
        readers("tensor " + name + " element 1 = -1");
    }

    @Property(tries = 600)
    void forgedCheckpoints(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int count) throws IOException {
        Rng rng = new Rng(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>(CONTENTS.tensors());
        Map<String, String> meta = new LinkedHashMap<>(CONTENTS.metadata());
        List<String> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            done.add(forge(rng, tensors, meta));
        }
        SafeTensors.write(INPUT, tensors, meta);
        readers(String.join("; ", done));
    }

    /** One lie, described for the failure message. */
    private static String forge(Rng rng, Map<String, Tensor> tensors, Map<String, String> meta) {
        List<String> keys = new ArrayList<>(meta.keySet());
        List<String> names = new ArrayList<>(tensors.keySet());
        switch (rng.nextInt(8)) {
            case 0, 1 -> {
                String k = keys.get(rng.nextInt(keys.size()));
                String v = EDGE_VALUES[rng.nextInt(EDGE_VALUES.length)];
                meta.put(k, v);
                return "metadata " + k + " = " + v;
            }
            case 2 -> {
                String k = keys.get(rng.nextInt(keys.size()));
                String v = new String(Fuzzing.mutate(meta.get(k).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        rng.nextLong(), 1 + rng.nextInt(3)), java.nio.charset.StandardCharsets.UTF_8);
                meta.put(k, v);
                return "metadata " + k + " = " + v;
            }
            case 3 -> {
                String k = keys.get(rng.nextInt(keys.size()));
                meta.remove(k);
                return "metadata " + k + " removed";
            }
            case 4 -> {
                String[] extra = {"optim.junk", "extra.junk", "extra.callback.0.junk", "extra.callback.7.best",
                    "descent.junk", "junk"};
                String k = extra[rng.nextInt(extra.length)];
                meta.put(k, EDGE_VALUES[rng.nextInt(EDGE_VALUES.length)]);
                return "metadata " + k + " added";
            }
            case 5 -> {
                String n = names.get(rng.nextInt(names.size()));
                tensors.remove(n);
                return "tensor " + n + " removed";
            }
            case 6 -> {
                String n = rng.nextInt(3) == 0
                        ? new String[] {"model.junk", "optim.param.99.x", "extra.callback.0.best.9.weight", "junk"}[rng.nextInt(4)]
                        : names.get(rng.nextInt(names.size()));
                Tensor old = tensors.getOrDefault(n, Tensor.zeros(2));
                int[] dims = old.shape().dims();
                Tensor t = switch (rng.nextInt(4)) {
                    case 0 -> old.to(old.dtype() == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32);
                    case 1 -> Tensor.zeros(old.dtype(), old.size() + 1);
                    case 2 -> Tensor.zeros(old.dtype());
                    default -> dims.length == 2 ? Tensor.zeros(old.dtype(), dims[1], dims[0]) : Tensor.zeros(old.dtype(), 0);
                };
                tensors.put(n, t);
                return "tensor " + n + " now " + t.dtype() + " " + t.shape();
            }
            default -> {
                String n = names.get(rng.nextInt(names.size()));
                Tensor t = tensors.get(n).copy();
                if (t.size() == 0) {
                    return "nothing";
                }
                double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e30, -1};
                double v = bad[rng.nextInt(bad.length)];
                t.setFlat(rng.nextInt(t.size()), v);
                tensors.put(n, t);
                return "tensor " + n + " holds " + v;
            }
        }
    }
}
