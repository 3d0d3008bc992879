package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.nn.ELU;
import io.descent.nn.GELU;
import io.descent.nn.LeakyReLU;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.nn.ReLU;
import io.descent.nn.Sigmoid;
import io.descent.nn.Softplus;
import io.descent.nn.Tanh;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code --model} specs: {@code linear}, {@code mlp(1000,1000, activation=relu, batchnorm=true,
 * dropout=0.2)}, and {@code cnn} (the benchmark's CNN for 1x28x28 images).
 */
public final class ModelSpecs {
    public static final List<String> NAMES = List.of("linear", "mlp", "cnn");
    public static final List<String> ACTIVATIONS = List.of("relu", "leaky_relu", "sigmoid", "tanh", "softplus", "gelu", "elu");
    private static final String OPTION = "--model";

    private ModelSpecs() {
    }

    /**
     * @param inputShape one sample's shape ([784], or [1, 28, 28])
     * @param outputs    classes, or 1 for a real-valued target
     */
    public static Module build(String text, int[] inputShape, int outputs, long seed) {
        Spec s = Spec.parse(OPTION, text);
        int in = 1;
        for (int d : inputShape) {
            in *= d;
        }
        Module m = switch (s.name()) {
            case "linear" -> {
                s.checkNoPositional();
                affordable(text, HeapBudget.mulAdd(in, outputs, outputs));
                yield Models.linear(in, outputs, seed, io.descent.tensor.DType.FLOAT32);
            }
            case "mlp" -> {
                int[] hidden = s.positionalInts();
                for (int h : hidden) {
                    if (h < 1) {
                        throw new InvalidInputException(OPTION, "'" + text + "'", "layer widths must be >= 1, got " + h);
                    }
                }
                Supplier<Module> act = activation(s, s.stringArg("activation", "relu"));
                double dropout = s.doubleArg("dropout", 0);
                if (!(dropout >= 0 && dropout < 1)) {
                    throw new InvalidInputException(OPTION, "'" + text + "'", "dropout = " + dropout + ": expected [0, 1)");
                }
                boolean batchNorm = s.boolArg("batchnorm", false);
                long parameters = 0;
                long width = in;
                for (int h : hidden) {
                    parameters = HeapBudget.mulAdd(width, h, parameters < 0 ? -1 : parameters + h * (batchNorm ? 5L : 1L));
                    width = h;
                }
                affordable(text, parameters < 0 ? -1 : HeapBudget.mulAdd(width, outputs, parameters + outputs));
                yield Models.mlp(in, outputs).hidden(hidden).activation(act).batchNorm(batchNorm).dropout(dropout).seed(seed).build();
            }
            case "cnn" -> {
                s.checkNoPositional();
                if (inputShape.length != 3 || inputShape[0] != 1 || inputShape[1] != 28 || inputShape[2] != 28
                        || outputs != 10) {
                    throw new InvalidInputException(OPTION, "'" + text + "'", "cnn takes 1x28x28 images in 10 classes "
                            + "(fashion-mnist, idx:DIR); this data has samples of shape "
                            + java.util.Arrays.toString(inputShape) + " and " + outputs + " outputs");
                }
                yield Models.cnn(seed, io.descent.tensor.DType.FLOAT32);
            }
            default -> throw new InvalidInputException(OPTION, "'" + text + "'", "unknown model '" + s.name()
                    + "'; valid: linear, mlp(W1,W2,..., activation=relu, batchnorm=false, dropout=0), cnn");
        };
        s.checkAllUsed(new LinkedHashSet<>(List.of("activation", "batchnorm", "dropout")));
        return m;
    }

    /** Refuses a model whose parameters (with their gradients and optimizer moments) would not fit in the heap. */
    private static void affordable(String text, long parameters) {
        HeapBudget.check(OPTION, text, parameters < 0 ? -1 : HeapBudget.mulAdd(parameters,
                HeapBudget.BYTES_PER_PARAMETER, 0), "a model of " + (parameters < 0 ? "more than 2^63" : parameters)
                + " parameters");
    }

    /** Whether the model takes images as they are (cnn) rather than flattened rows. */
    public static boolean takesImages(String text) {
        return Spec.parse(OPTION, text).name().equals("cnn");
    }

    private static Supplier<Module> activation(Spec s, String name) {
        return switch (name) {
            case "relu" -> ReLU::new;
            case "leaky_relu" -> () -> new LeakyReLU(0.01);
            case "sigmoid" -> Sigmoid::new;
            case "tanh" -> Tanh::new;
            case "softplus" -> Softplus::new;
            case "gelu" -> GELU::new;
            case "elu" -> () -> new ELU(1.0);
            default -> throw new InvalidInputException(OPTION, "'" + s.text() + "'", "activation = " + name
                    + ": expected one of " + String.join(", ", ACTIVATIONS));
        };
    }
}
