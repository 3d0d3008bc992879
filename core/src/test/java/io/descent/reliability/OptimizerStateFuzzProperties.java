package io.descent.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.loss.SquareLoss;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.optim.AdadeltaConfig;
import io.descent.optim.AdagradConfig;
import io.descent.optim.AdamConfig;
import io.descent.optim.AdamaxConfig;
import io.descent.optim.ClosureOptimizer;
import io.descent.optim.GradientClipping;
import io.descent.optim.LbfgsConfig;
import io.descent.optim.MomentumConfig;
import io.descent.optim.NadamConfig;
import io.descent.optim.Optimizer;
import io.descent.optim.OptimizerState;
import io.descent.optim.Optimizers;
import io.descent.optim.RmspropConfig;
import io.descent.optim.SgdConfig;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import io.descent.testing.Fuzzing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing {@link OptimizerState#of} and every optimizer's {@code load}: the state of a trained optimizer with
 * its entries forged (numbers out of range or not numbers, entries missing or extra, tensors of the wrong shape
 * or type, another optimizer's state). The only outcomes: the state is loaded, or an
 * {@link io.descent.InvalidInputException} with a message and the optimizer exactly as it was.
 */
class OptimizerStateFuzzProperties {
    private static final String[] EDGE_VALUES = {"", "0", "1", "-1", "2", "NaN", "Infinity", "-Infinity", "1e400",
        "4.9E-324", "9223372036854775807", "-9223372036854775808", "2147483648", "abc", "true", "adam", "sgd", "lbfgs"};

    /** What the fuzzer needs of both kinds of optimizer. */
    private interface Stateful {
        void train(Module model);

        OptimizerState state();

        void load(OptimizerState s);
    }

    private record Kind(String name, Function<List<Parameter>, Stateful> make) {
    }

    private static final List<Kind> KINDS = List.of(
            first("sgd nesterov", ps -> Optimizers.sgd(ps, new SgdConfig(0.01, 0.9, 0, true, 0.01))),
            first("sgd clipped", ps -> Optimizers.sgd(ps, SgdConfig.defaults().withMomentum(0.5))
                    .clipGradients(GradientClipping.byGlobalNorm(1))),
            first("heavy ball", ps -> Optimizers.heavyBall(ps, MomentumConfig.defaults())),
            first("adagrad", ps -> Optimizers.adagrad(ps, AdagradConfig.defaults())),
            first("rmsprop centered", ps -> Optimizers.rmsprop(ps, RmspropConfig.defaults().withMomentum(0.5)
                    .withCentered(true))),
            first("adadelta", ps -> Optimizers.adadelta(ps, AdadeltaConfig.defaults())),
            first("amsgrad", ps -> Optimizers.adam(ps, AdamConfig.defaults().withAmsgrad(true))),
            first("adamw", ps -> Optimizers.adamw(ps, AdamConfig.defaults())),
            first("nadam", ps -> Optimizers.nadam(ps, NadamConfig.defaults())),
            first("adamax", ps -> Optimizers.adamax(ps, AdamaxConfig.defaults())),
            closure("nesterov look-ahead", ps -> Optimizers.nesterovLookahead(ps, MomentumConfig.defaults())),
            closure("lbfgs", ps -> Optimizers.lbfgs(ps, LbfgsConfig.defaults().withHistorySize(3).withMaxIter(4))));

    private static final Tensor X = Tensor.randn(new Rng(1), DType.FLOAT32, 8, 3);
    private static final Tensor Y = Tensor.randn(new Rng(2), DType.FLOAT32, 8, 2);

    @AfterContainer
    static void report() {
        System.out.print(Fuzzing.report());
    }

    private static double loss(Module m) {
        m.zeroGrad();
        Tensor l = new SquareLoss().apply(m.forward(X), Y);
        l.backward();
        return l.item();
    }

    private static Kind first(String name, Function<List<Parameter>, Optimizer> make) {
        return new Kind(name, ps -> {
            Optimizer o = make.apply(ps);
            return new Stateful() {
                public void train(Module m) {
                    for (int i = 0; i < 3; i++) {
                        loss(m);
                        o.step();
                    }
                }

                public OptimizerState state() {
                    return o.state();
                }

                public void load(OptimizerState s) {
                    o.load(s);
                }
            };
        });
    }

    private static Kind closure(String name, Function<List<Parameter>, ClosureOptimizer> make) {
        return new Kind(name, ps -> {
            ClosureOptimizer o = make.apply(ps);
            return new Stateful() {
                public void train(Module m) {
                    for (int i = 0; i < 3; i++) {
                        o.step(() -> loss(m));
                    }
                }

                public OptimizerState state() {
                    return o.state();
                }

                public void load(OptimizerState s) {
                    o.load(s);
                }
            };
        });
    }

    /** A trained optimizer's state with lies in it; the optimizer that loads it was trained the same way. */
    @Property(tries = 600)
    void forgedStates(@ForAll @IntRange(max = 11) int kind, @ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int count) {
        Kind k = KINDS.get(kind);
        Module saved = Models.linear(3, 2);
        Stateful trained = k.make().apply(saved.parameters());
        trained.train(saved);
        OptimizerState state = trained.state();
        Map<String, Tensor> tensors = new LinkedHashMap<>(state.tensors());
        Map<String, String> meta = new LinkedHashMap<>(state.metadata());
        Rng rng = new Rng(seed);
        List<String> lies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lies.add(forge(rng, tensors, meta));
        }
        if (rng.nextInt(8) == 0) { // another optimizer's state altogether
            Kind other = KINDS.get(rng.nextInt(KINDS.size()));
            Module m = Models.linear(3, 2);
            Stateful o = other.make().apply(m.parameters());
            o.train(m);
            tensors = new LinkedHashMap<>(o.state().tensors());
            meta = new LinkedHashMap<>(o.state().metadata());
            lies.add("the state of " + other.name());
        }
        Module target = Models.linear(3, 2);
        Stateful fresh = k.make().apply(target.parameters());
        fresh.train(target);
        Map<String, Object> before = snapshot(fresh.state());
        Map<String, Tensor> t = tensors;
        Map<String, String> m = meta;
        boolean loaded = Fuzzing.onlyInvalidInput("OptimizerState.of + load", () -> k.name() + ": " + lies,
                () -> fresh.load(OptimizerState.of(t, m)));
        if (!loaded) {
            assertThat(snapshot(fresh.state())).as(k.name() + " after refusing " + lies).isEqualTo(before);
        }
    }

    private static String forge(Rng rng, Map<String, Tensor> tensors, Map<String, String> meta) {
        List<String> keys = new ArrayList<>(meta.keySet());
        List<String> names = new ArrayList<>(tensors.keySet());
        switch (rng.nextInt(6)) {
            case 0, 1 -> {
                String key = keys.get(rng.nextInt(keys.size()));
                String v = EDGE_VALUES[rng.nextInt(EDGE_VALUES.length)];
                meta.put(key, v);
                return key + " = " + v;
            }
            case 2 -> {
                String key = keys.get(rng.nextInt(keys.size()));
                meta.remove(key);
                return key + " removed";
            }
            case 3 -> {
                String key = new String[] {"junk", "param.9.step", "group.5.lr", "history"}[rng.nextInt(4)];
                meta.put(key, EDGE_VALUES[rng.nextInt(EDGE_VALUES.length)]);
                return key + " added";
            }
            case 4 -> {
                if (names.isEmpty()) {
                    tensors.put("param.0.junk", Tensor.zeros(2));
                    return "tensor added";
                }
                String n = names.get(rng.nextInt(names.size()));
                tensors.remove(n);
                return "tensor " + n + " removed";
            }
            default -> {
                String n = names.isEmpty() || rng.nextInt(4) == 0 ? "param.0.junk" : names.get(rng.nextInt(names.size()));
                Tensor old = tensors.getOrDefault(n, Tensor.zeros(2));
                Tensor t = switch (rng.nextInt(3)) {
                    case 0 -> old.to(old.dtype() == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32);
                    case 1 -> Tensor.zeros(old.dtype(), old.size() + 1);
                    default -> Tensor.zeros(old.dtype());
                };
                tensors.put(n, t);
                return "tensor " + n + " now " + t.dtype() + " " + t.shape();
            }
        }
    }

    /** Everything a state holds, comparable with equals. */
    private static Map<String, Object> snapshot(OptimizerState s) {
        Map<String, Object> out = new LinkedHashMap<>(s.metadata());
        s.tensors().forEach((n, t) -> out.put("tensor " + n, t.dtype() + " " + t.shape() + " "
                + java.util.Arrays.toString(t.toDoubleArray())));
        return out;
    }
}
