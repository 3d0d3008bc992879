package io.descent.spark;

import io.descent.InvalidInputException;
import io.descent.autograd.GradMode;
import io.descent.io.SafeTensors;
import io.descent.nn.Module;
import io.descent.optim.Optimizer;
import io.descent.optim.OptimizerState;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The driver's checkpoint of a distributed run, one safetensors file written atomically: the model's weights
 * ({@code model.<name>}), the optimizer's state ({@code optimizer.<name>} tensors and metadata), the position
 * (global step; for synchronous runs the epoch and the state of the generator before its shuffle) and what
 * the run was (mode, batch size, seed, samples, partitions), checked on resume. Resuming gives the same
 * numbers as never stopping.
 */
final class SparkCheckpoint {
    static final String FORMAT = "spark.format";
    static final String CHECKPOINT = "descent-spark-checkpoint-1";
    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";
    private static final String STEP = "spark.step";
    private static final String EPOCH = "spark.epoch";
    private static final String RNG_STATE = "spark.rng.state";
    private static final String RNG_HAS_SPARE = "spark.rng.has_spare";
    private static final String RNG_SPARE = "spark.rng.spare";

    /** Where a run is: the global step, and for synchronous runs the batch order's epoch and generator state. */
    record Position(long step, long epoch, Rng.State epochStart) {
    }

    /** What must agree between the saving and the resuming run, as metadata entries. */
    static Map<String, String> identity(SparkConfig c, SparkData data) {
        Map<String, String> id = new LinkedHashMap<>();
        id.put("spark.mode", c.isLocalSgd() ? "local-sgd" : "synchronous");
        id.put("spark.local_steps", Integer.toString(c.localSteps()));
        id.put("spark.batch_size", Integer.toString(c.batchSize()));
        id.put("spark.drop_last", Boolean.toString(c.dropLast()));
        id.put("spark.seed", Long.toString(c.seed()));
        id.put("spark.samples", Integer.toString(data.size()));
        // Local SGD's batches depend on the shards; synchronous batches do not.
        id.put("spark.partitions", c.isLocalSgd() ? Integer.toString(data.partitions()) : "any");
        return id;
    }

    static void write(Path path, Module model, Optimizer optimizer, Position pos, Map<String, String> identity)
            throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> tensors.put(MODEL + k, v));
        OptimizerState state = optimizer.state();
        state.tensors().forEach((k, v) -> tensors.put(OPTIMIZER + k, v));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT, CHECKPOINT);
        meta.putAll(identity);
        meta.put(STEP, Long.toString(pos.step()));
        meta.put(EPOCH, Long.toString(pos.epoch()));
        if (pos.epochStart() != null) {
            meta.put(RNG_STATE, Long.toString(pos.epochStart().state()));
            meta.put(RNG_HAS_SPARE, Boolean.toString(pos.epochStart().hasSpare()));
            meta.put(RNG_SPARE, Double.toString(pos.epochStart().spare()));
        }
        state.metadata().forEach((k, v) -> meta.put(OPTIMIZER + k, v));
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            java.nio.file.Files.createDirectories(dir); // as the single-machine Checkpointer: a new run's folder
        }
        SafeTensors.write(path, tensors, meta);
    }

    /**
     * Loads the checkpoint into {@code model} and {@code optimizer} after checking that it belongs to this run;
     * returns where to continue. Nothing is changed when the checkpoint does not fit.
     */
    static Position restore(Path path, Module model, Optimizer optimizer, Map<String, String> identity)
            throws IOException {
        String file = path.toString();
        SafeTensors.Contents c = SafeTensors.read(path);
        Map<String, String> meta = c.metadata();
        if (!CHECKPOINT.equals(meta.get(FORMAT))) {
            throw new InvalidInputException(file, "metadata '" + FORMAT + "'", "not a checkpoint of a Spark run "
                    + "(expected " + CHECKPOINT + ", found " + meta.get(FORMAT) + ")");
        }
        identity.forEach((k, v) -> {
            if (!v.equals(meta.get(k))) {
                throw new InvalidInputException(file, "metadata '" + k + "'", "the checkpoint was saved with "
                        + meta.get(k) + ", this run has " + v);
            }
        });
        Map<String, Tensor> weights = new LinkedHashMap<>();
        Map<String, Tensor> optTensors = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> {
            if (k.startsWith(MODEL)) {
                weights.put(k.substring(MODEL.length()), v);
            } else if (k.startsWith(OPTIMIZER)) {
                optTensors.put(k.substring(OPTIMIZER.length()), v);
            }
        });
        Map<String, String> optMeta = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith(OPTIMIZER)) {
                optMeta.put(k.substring(OPTIMIZER.length()), v);
            }
        });
        Map<String, Tensor> state = model.stateDict();
        checkWeights(file, state, weights);
        optimizer.load(OptimizerState.of(optTensors, optMeta));
        try (var scope = GradMode.disabled()) {
            state.forEach((k, t) -> t.copyFrom(weights.get(k)));
        }
        long step = longEntry(file, meta, STEP);
        long epoch = longEntry(file, meta, EPOCH);
        Rng.State rng = meta.containsKey(RNG_STATE) ? new Rng.State(longEntry(file, meta, RNG_STATE),
                Boolean.parseBoolean(meta.get(RNG_HAS_SPARE)), Double.parseDouble(meta.get(RNG_SPARE))) : null;
        return new Position(step, epoch, rng);
    }

    private static void checkWeights(String file, Map<String, Tensor> model, Map<String, Tensor> saved) {
        if (!model.keySet().equals(saved.keySet())) {
            throw new InvalidInputException(file, "tensors", "the checkpoint holds weights " + saved.keySet()
                    + ", the model has " + model.keySet());
        }
        model.forEach((k, t) -> {
            Tensor s = saved.get(k);
            if (!s.shape().equals(t.shape()) || s.dtype() != t.dtype()) {
                throw new InvalidInputException(file, "tensor 'model." + k + "'", "saved as " + s.dtype() + " "
                        + s.shape() + ", the model has " + t.dtype() + " " + t.shape());
            }
        });
    }

    private static long longEntry(String file, Map<String, String> meta, String key) {
        String v = meta.get(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(file, "metadata '" + key + "'", "expected an integer, found " + v, e);
        }
    }
}
