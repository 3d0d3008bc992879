package io.descent.io;

import io.descent.InvalidInputException;
import io.descent.nn.Module;
import io.descent.optim.OptimizerState;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint: the model's weights and buffers, the optimizer's state, and whatever else the
 * trainer needs to continue exactly (epoch, step, the data order's random state, the history), in one
 * safetensors file written atomically (a temporary file, then a rename), so that a crash at any moment
 * leaves the previous checkpoint whole.
 *
 * <p>Tensor names carry a prefix by owner: {@code model.}, {@code optim.}, {@code extra.}; so do the
 * metadata keys ({@code optim.}, {@code extra.}). No Java serialization: numbers travel as decimal text,
 * tensors as raw little-endian data. Reading refuses a checkpoint that holds NaN or an infinity: training never
 * writes one, so it was changed, and resuming from it would only diverge.
 */
public final class CheckpointFile {
    public static final String CHECKPOINT = "checkpoint";
    private static final String MODEL = "model.";
    private static final String OPTIM = "optim.";
    private static final String EXTRA = "extra.";

    private CheckpointFile() {
    }

    /** What a checkpoint holds, split back by owner. */
    public record Contents(String file, Map<String, Tensor> model, OptimizerState optimizer,
            Map<String, Tensor> extraTensors, Map<String, String> extraMetadata) {

        /** Copies the weights into {@code target} after checking every name, shape and dtype. */
        public void restoreModel(Module target) {
            ModelFile.copy(file, model, target);
        }

        /** An extra metadata entry, or a clear error naming the file when it is missing. */
        public String extra(String key) {
            String v = extraMetadata.get(key);
            if (v == null) {
                throw new InvalidInputException(file, SafeTensors.METADATA + " '" + EXTRA + key + "'", "missing");
            }
            return v;
        }
    }

    public static void write(Path path, Module model, OptimizerState optimizer, Map<String, Tensor> extraTensors,
            Map<String, String> extraMetadata) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((n, t) -> tensors.put(MODEL + n, t));
        optimizer.tensors().forEach((n, t) -> tensors.put(OPTIM + n, t));
        extraTensors.forEach((n, t) -> tensors.put(EXTRA + n, t));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(ModelFile.FORMAT, CHECKPOINT);
        meta.put(ModelFile.VERSION, ModelFile.VERSION_1);
        optimizer.metadata().forEach((k, v) -> meta.put(OPTIM + k, v));
        extraMetadata.forEach((k, v) -> meta.put(EXTRA + k, v));
        // The model's counts as I64, as in model files; read back widened like any count.
        SafeTensors.write(path, tensors, meta, n -> n.startsWith(MODEL) && ModelFile.isCount(n));
    }

    public static Contents read(Path path) throws IOException {
        String file = path.toString();
        SafeTensors.Contents c = SafeTensors.read(path);
        Map<String, String> meta = c.metadata();
        if (!CHECKPOINT.equals(meta.get(ModelFile.FORMAT))) {
            throw new InvalidInputException(file, SafeTensors.METADATA + " '" + ModelFile.FORMAT + "'",
                    "expected \"" + CHECKPOINT + "\", got " + (meta.get(ModelFile.FORMAT) == null ? "nothing"
                            : "\"" + meta.get(ModelFile.FORMAT) + "\"") + ": not a Descent checkpoint");
        }
        if (!ModelFile.VERSION_1.equals(meta.get(ModelFile.VERSION))) {
            throw new InvalidInputException(file, SafeTensors.METADATA + " '" + ModelFile.VERSION + "'",
                    "this Descent reads checkpoints of version " + ModelFile.VERSION_1);
        }
        for (String n : c.widened().keySet()) {
            if (!(n.startsWith(MODEL) && ModelFile.isCount(n))) {
                throw new InvalidInputException(file, "tensor '" + n + "'", "is stored as " + c.widened().get(n)
                        + "; a checkpoint holds F32 and F64 tensors and I64 counts only");
            }
        }
        c.tensors().forEach((n, t) -> requireFinite(file, n, t));
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> optimTensors = new LinkedHashMap<>();
        Map<String, Tensor> extra = new LinkedHashMap<>();
        c.tensors().forEach((n, t) -> {
            if (n.startsWith(MODEL)) {
                model.put(n.substring(MODEL.length()), t);
            } else if (n.startsWith(OPTIM)) {
                optimTensors.put(n.substring(OPTIM.length()), t);
            } else if (n.startsWith(EXTRA)) {
                extra.put(n.substring(EXTRA.length()), t);
            } else {
                throw new InvalidInputException(file, "tensor '" + n + "'", "expected a name starting with "
                        + MODEL + ", " + OPTIM + " or " + EXTRA);
            }
        });
        Map<String, String> optimMeta = new LinkedHashMap<>();
        Map<String, String> extraMeta = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith(OPTIM)) {
                optimMeta.put(k.substring(OPTIM.length()), v);
            } else if (k.startsWith(EXTRA)) {
                extraMeta.put(k.substring(EXTRA.length()), v);
            }
        });
        OptimizerState optimizer;
        try {
            optimizer = OptimizerState.of(optimTensors, optimMeta);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file, "optimizer state", e.getMessage(), e);
        }
        return new Contents(file, model, optimizer, extra, extraMeta);
    }

    /**
     * Training writes checkpoints of finite values only (its NaN guard stops first), and a batch normalization's
     * running variance is never negative (a negative one makes every later output NaN): anything else was
     * changed.
     */
    private static void requireFinite(String file, String name, Tensor t) {
        boolean variance = name.endsWith("running_var");
        for (int i = 0; i < t.size(); i++) {
            double v = t.getFlat(i);
            if (!Double.isFinite(v)) {
                throw new InvalidInputException(file, "tensor '" + name + "', element " + i, "holds " + v
                        + "; a checkpoint holds finite values only");
            }
            if (variance && v < 0) {
                throw new InvalidInputException(file, "tensor '" + name + "', element " + i, "holds " + v
                        + "; a running variance is never negative");
            }
        }
    }
}
