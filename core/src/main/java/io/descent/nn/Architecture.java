package io.descent.nn;

import io.descent.tensor.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a module from its {@link Spec}: the fixed table from type names to constructors that a model file's
 * architecture goes through. Only the names below are known; a name is never turned into a class by
 * reflection, so a file cannot make Descent run code of its choosing.
 *
 * <p>Every argument is checked (type, range, no unknown or missing ones) before anything is allocated, and
 * the values the module's parameters and buffers would hold are counted against a budget, so a spec that
 * asks for a 40000 x 40000 layer fails at once instead of exhausting memory. A rebuilt module has fresh
 * initial weights (from {@code new Rng(0)}); a model file then copies its weights in. A rebuilt
 * {@link Dropout} draws its masks from {@code new Rng(0)} too: generator state belongs to checkpoints.
 *
 * <pre>{@code
 * Module net = Architecture.build(Spec.of("Sequential").withChildren(List.of(
 *         Spec.of("Linear", "in_features", 2, "out_features", 1, "bias", true, "dtype", "float32"))));
 * }</pre>
 */
public final class Architecture {
    /** The type names the table knows. */
    public static final List<String> TYPES = List.of("Sequential", "Linear", "Conv2d", "MaxPool2d", "Flatten",
            "Dropout", "BatchNorm1d", "BatchNorm2d", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softplus", "GELU", "ELU");
    /** Containers nested deeper than this are refused. */
    public static final int MAX_DEPTH = 64;

    private Architecture() {
    }

    /** The module that {@code spec} describes. */
    public static Module build(Spec spec) {
        return build(spec, Long.MAX_VALUE);
    }

    /**
     * The module that {@code spec} describes, refusing before any allocation one whose parameters and buffers
     * would hold more than {@code maxValues} values in all.
     *
     * @throws Invalid naming the module (by its path, as in parameter names) and what is wrong
     */
    public static Module build(Spec spec, long maxValues) {
        return new Builder(maxValues).module(spec, "", 0);
    }

    /** A spec that does not describe a module; {@link #path()} is the module's place, "" for the root. */
    public static final class Invalid extends IllegalArgumentException {
        private final String path;

        Invalid(String path, String type, String problem) {
            super("module " + (path.isEmpty() ? "(the root)" : "'" + path + "'") + " of type " + type + ": " + problem);
            this.path = path;
        }

        public String path() {
            return path;
        }
    }

    private static final class Builder {
        private long budget;

        Builder(long budget) {
            this.budget = budget;
        }

        Module module(Spec s, String path, int depth) {
            if (depth > MAX_DEPTH) {
                throw new Invalid(path, s.type(), "containers are nested more than " + MAX_DEPTH + " deep");
            }
            try {
                return make(s, path, depth);
            } catch (Invalid e) {
                throw e;
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new Invalid(path, s.type(), e.getMessage());
            }
        }

        private Module make(Spec s, String path, int depth) {
            if (!s.type().equals("Sequential")) {
                s.requireChildren(0);
            }
            return switch (s.type()) {
                case "Sequential" -> {
                    s.requireArgs();
                    List<Module> layers = new ArrayList<>();
                    for (int i = 0; i < s.children().size(); i++) {
                        layers.add(module(s.children().get(i), path.isEmpty() ? "" + i : path + "." + i, depth + 1));
                    }
                    yield new Sequential(layers);
                }
                case "Linear" -> {
                    s.requireArgs("in_features", "out_features", "bias", "dtype");
                    int in = s.intArg("in_features");
                    int out = s.intArg("out_features");
                    boolean bias = s.boolArg("bias");
                    take(Math.multiplyExact((long) in, out) + (bias ? out : 0));
                    yield new Linear(in, out, bias, s.dtypeArg("dtype"), new Rng(0));
                }
                case "Conv2d" -> {
                    s.requireArgs("in_channels", "out_channels", "kernel_size", "stride", "padding", "bias", "dtype");
                    int in = s.intArg("in_channels");
                    int out = s.intArg("out_channels");
                    int k = s.intArg("kernel_size");
                    boolean bias = s.boolArg("bias");
                    take(Math.multiplyExact(Math.multiplyExact((long) in * out, k), k) + (bias ? out : 0));
                    yield new Conv2d(in, out, k, s.intArg("stride"), s.intArg("padding"), bias, s.dtypeArg("dtype"),
                            new Rng(0));
                }
                case "BatchNorm1d", "BatchNorm2d" -> {
                    s.requireArgs("num_features", "eps", "momentum", "affine", "dtype");
                    int f = s.intArg("num_features");
                    boolean affine = s.boolArg("affine");
                    take((long) f * (affine ? 4 : 2) + 1);
                    double eps = s.doubleArg("eps");
                    double momentum = s.doubleArg("momentum");
                    yield s.type().equals("BatchNorm1d")
                            ? new BatchNorm1d(f, eps, momentum, affine, s.dtypeArg("dtype"))
                            : new BatchNorm2d(f, eps, momentum, affine, s.dtypeArg("dtype"));
                }
                case "MaxPool2d" -> {
                    s.requireArgs("kernel_size", "stride");
                    yield new MaxPool2d(s.intArg("kernel_size"), s.intArg("stride"));
                }
                case "Dropout" -> {
                    s.requireArgs("p");
                    yield new Dropout(s.doubleArg("p"), new Rng(0));
                }
                case "LeakyReLU" -> {
                    s.requireArgs("negative_slope");
                    yield new LeakyReLU(s.doubleArg("negative_slope"));
                }
                case "Softplus" -> {
                    s.requireArgs("beta");
                    yield new Softplus(s.doubleArg("beta"));
                }
                case "ELU" -> {
                    s.requireArgs("alpha");
                    yield new ELU(s.doubleArg("alpha"));
                }
                case "Flatten", "ReLU", "Sigmoid", "Tanh", "GELU" -> {
                    s.requireArgs();
                    yield switch (s.type()) {
                        case "Flatten" -> new Flatten();
                        case "ReLU" -> new ReLU();
                        case "Sigmoid" -> new Sigmoid();
                        case "Tanh" -> new Tanh();
                        default -> new GELU();
                    };
                }
                default -> throw new IllegalArgumentException("unknown module type; the known types are " + TYPES);
            };
        }

        private void take(long values) {
            if (values > budget) {
                throw new IllegalArgumentException("its parameters and buffers would hold " + values + " values, more "
                        + "than the " + budget + " left for the whole model");
            }
            budget -= Math.max(0, values); // a negative count comes from bad sizes, which the constructor refuses
        }
    }
}
