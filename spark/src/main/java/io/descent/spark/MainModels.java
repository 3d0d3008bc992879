package io.descent.spark;

import io.descent.InvalidInputException;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.nn.ReLU;
import io.descent.tensor.DType;
import java.util.Arrays;

/** The models {@link SparkMain} names: {@code linear}, {@code mlp:H1,H2,...} (ReLU) and {@code cnn}. */
final class MainModels {
    private MainModels() {
    }

    /** Whether the model takes samples as they come ([1, 28, 28] images) rather than flattened. */
    static boolean takesImages(String spec) {
        return spec.trim().equals("cnn");
    }

    /** The model for samples of {@code shape}, with one output per class (cross-entropy) or per target value. */
    static Module build(String spec, DataShape shape, LossSpec loss, long seed) {
        int out = outputs(shape, loss);
        int in = shape.featureSize();
        String s = spec.trim();
        if (s.equals("linear")) {
            return Models.linear(in, out, seed, DType.FLOAT32);
        }
        if (s.equals("cnn")) {
            if (!Arrays.equals(shape.sample(), new int[] {1, 28, 28}) || out != 10) {
                throw new InvalidInputException("--model", "", "cnn takes 1x28x28 images in 10 classes; the data has "
                        + "samples " + Arrays.toString(shape.sample()) + " and " + out + " outputs");
            }
            return Models.cnn(seed, DType.FLOAT32);
        }
        if (s.startsWith("mlp:")) {
            String[] parts = s.substring(4).split(",");
            int[] hidden = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    hidden[i] = Integer.parseInt(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("--model", "", "'" + parts[i] + "' is not a layer width", e);
                }
                if (hidden[i] <= 0) {
                    throw new InvalidInputException("--model", "", "layer widths must be positive, got " + hidden[i]);
                }
            }
            return Models.mlp(in, hidden, out, ReLU::new, false, 0, seed);
        }
        throw new InvalidInputException("--model", "", "unknown model '" + spec + "'; expected linear, mlp:H1,H2,... "
                + "or cnn");
    }

    private static int outputs(DataShape shape, LossSpec loss) {
        if (loss.isClassification()) {
            if (shape.numClasses() < 2) {
                throw new InvalidInputException("--loss", "", "cross-entropy needs class labels (at least 2 classes); "
                        + "the data has " + (shape.numClasses() == 0 ? "real-valued targets: pass --classes"
                        : shape.numClasses() + " class"));
            }
            return shape.numClasses();
        }
        return shape.targetSize();
    }
}
