package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.nn.Parameter;
import io.descent.objective.Method;
import io.descent.optim.AdadeltaConfig;
import io.descent.optim.AdagradConfig;
import io.descent.optim.AdamConfig;
import io.descent.optim.AdamaxConfig;
import io.descent.optim.ChainOptimizer;
import io.descent.optim.GradientClipping;
import io.descent.optim.LambConfig;
import io.descent.optim.LarsConfig;
import io.descent.optim.LbfgsConfig;
import io.descent.optim.LionConfig;
import io.descent.optim.Lookahead;
import io.descent.optim.Optimizer;
import io.descent.optim.MomentumConfig;
import io.descent.optim.NadamConfig;
import io.descent.optim.NewtonCg;
import io.descent.optim.NewtonCgConfig;
import io.descent.optim.NewtonConfig;
import io.descent.optim.SaddleFreeConfig;
import io.descent.optim.SaddleFreeNewton;
import io.descent.data.Dataset;
import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.train.FullBatchSource;
import io.descent.optim.Optimizers;
import io.descent.optim.ParamGroup;
import io.descent.optim.RadamConfig;
import io.descent.optim.RmspropConfig;
import io.descent.optim.SgdConfig;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The optimizer specs of the command line, with PyTorch's names for hyperparameters and defaults:
 * {@code adam(lr=1e-3, betas=0.9:0.999, eps=1e-8, weight_decay=0, amsgrad=false)} and so on for
 * {@link #NAMES}: {@code radam(lr=1e-3, betas=0.9:0.999, eps=1e-8, weight_decay=0)} (Liu et al. 2020) and
 * {@code lion(lr=1e-4, betas=0.9:0.99, weight_decay=0)} (Chen et al. 2023, decoupled decay), and for large
 * batches, with a trust ratio per parameter tensor, {@code lamb(lr=1e-3, betas=0.9:0.999, eps=1e-6,
 * weight_decay=0.01)} and {@code lars(lr=0.1, momentum=0.9, weight_decay=5e-4, trust_coefficient=1e-3)}. Any
 * first-order one runs inside Lookahead (Zhang et al. 2019) with {@code lookahead_k=5, lookahead_alpha=0.5}
 * (either key switches it on, the other taking that default). Every first-order optimizer also takes {@code clip_norm=} or {@code clip_value=}.
 * {@code newton}, {@code lbfgs}, {@code newton_cg} (Hessian-free: {@code newton_cg(damping=1, max_cg=50,
 * cg_tol=1e-4, cg_backtrack=true, gauss_newton=false)}) and {@code saddle_free} ({@code saddle_free(krylov=20,
 * damping=1e-3, lr=1, line_search=true, absolute=true)}) need the whole objective: {@link #isFullBatch}.
 */
public final class OptimizerSpecs {
    public static final List<String> NAMES = List.of("sgd", "heavyball", "nesterov", "adagrad", "rmsprop", "adadelta",
            "adam", "amsgrad", "adamw", "nadam", "adamax", "radam", "lion", "lamb", "lars", "newton", "lbfgs",
            "newton_cg", "saddle_free");
    private static final String OPTION = "--optimizer";

    private OptimizerSpecs() {
    }

    public static Spec parse(String text) {
        Spec s = Spec.parse(OPTION, text);
        if (!NAMES.contains(s.name())) {
            throw new InvalidInputException(OPTION, "'" + text + "'", "unknown optimizer '" + s.name()
                    + "'; valid: " + String.join(", ", NAMES));
        }
        s.checkNoPositional();
        return s;
    }

    /** Newton's method, L-BFGS and the Hessian-free methods evaluate the whole objective: they train full-batch. */
    public static boolean isFullBatch(Spec s) {
        return List.of("newton", "lbfgs", "newton_cg", "saddle_free").contains(s.name());
    }

    /** The methods that run in float64 only (on toy functions; train gives them a float64 twin of the model). */
    public static boolean needsFloat64(Spec s) {
        return List.of("newton", "newton_cg", "saddle_free").contains(s.name());
    }

    /** The toy functions have no model output: Newton-CG's Gauss-Newton option is refused for them. */
    public static void checkToy(Spec s) {
        if (s.name().equals("newton_cg") && newtonCg(s).gaussNewton()) {
            throw new InvalidInputException(OPTION, "'" + s.text() + "'", "gauss_newton=true needs a model's output "
                    + "and a loss on it (J' H_L J); a toy function has neither: use gauss_newton=false");
        }
    }

    /**
     * The full-batch source of a full-batch spec ({@link #isFullBatch}): one step of the method per epoch on
     * the training set.
     */
    public static FullBatchSource fullBatch(Spec s, Module model, Loss loss, Dataset train) {
        return switch (s.name()) {
            case "newton" -> FullBatchSource.newton(model, loss, newton(s), train);
            case "newton_cg" -> FullBatchSource.newtonCg(model, loss, newtonCg(s), train);
            case "saddle_free" -> FullBatchSource.saddleFree(model, loss, saddleFree(s), train);
            case "lbfgs" -> FullBatchSource.closure(model, loss, Optimizers.lbfgs(model.namedParameters(), lbfgs(s)),
                    train);
            default -> throw new IllegalArgumentException(s.name() + " is not a full-batch method");
        };
    }

    /**
     * A first-order optimizer over a model's named parameters, for minibatch training: its saved state
     * refers to them by name, so a checkpoint resumes only into a model with the same parameters.
     */
    public static Optimizer optimizer(Spec s, Map<String, Parameter> namedParameters) {
        return optimizer(s, ParamGroup.of(namedParameters));
    }

    /** A first-order optimizer over {@code parameters}, named by position in saved states. */
    public static Optimizer optimizer(Spec s, List<Parameter> parameters) {
        return optimizer(s, ParamGroup.of(parameters));
    }

    private static Optimizer optimizer(Spec s, ParamGroup parameters) {
        if (isFullBatch(s)) {
            throw new InvalidInputException(OPTION, "'" + s.text() + "'", s.name() + " needs the whole objective: "
                    + "it trains full-batch (descent train does this for it), not as a minibatch step");
        }
        return guarded(s, () -> firstOrder(s)).apply(List.of(parameters));
    }

    /** Checks a spec fully (every key, every range) without building anything. */
    public static void validate(Spec s) {
        method(s);
    }

    /** Range checks of the configuration records become the command line's error, naming the option. */
    private static <T> T guarded(Spec s, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(OPTION, "'" + s.text() + "'", e.getMessage());
        }
    }

    /** Any optimizer as a way to walk a 2-D test function (descent toy). */
    public static Method method(Spec s) {
        return guarded(s, () -> buildMethod(s));
    }

    private static Method buildMethod(Spec s) {
        String label = s.text().strip();
        return switch (s.name()) {
            case "newton" -> {
                NewtonConfig c = newton(s);
                yield renamed(label, Method.newton(c));
            }
            case "newton_cg" -> {
                NewtonCgConfig c = newtonCg(s);
                yield Method.onCurvature(label, f -> {
                    NewtonCg m = new NewtonCg(f, c);
                    return m::step;
                });
            }
            case "saddle_free" -> {
                SaddleFreeConfig c = saddleFree(s);
                yield Method.onCurvature(label, f -> {
                    SaddleFreeNewton m = new SaddleFreeNewton(f, c);
                    return m::step;
                });
            }
            case "lbfgs" -> {
                LbfgsConfig c = lbfgs(s);
                yield Method.withClosure(label, ps -> Optimizers.lbfgs(ps, c));
            }
            case "nesterov" -> {
                MomentumConfig c = momentum(s, 0.01, 0.9);
                done(s, "lr", "beta");
                yield Method.withClosure(label, ps -> Optimizers.nesterovLookahead(ps, c));
            }
            default -> {
                Function<Collection<ParamGroup>, Optimizer> make = firstOrder(s);
                yield Method.firstOrder(label, ps -> make.apply(List.of(ParamGroup.of(ps))));
            }
        };
    }

    private static Method renamed(String name, Method m) {
        return new Method() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Walker start(Parameter point, io.descent.optim.Objective f) {
                return m.start(point, f);
            }
        };
    }

    /** The settings of Newton's method from a spec: lr (the step scale), damping, max_params. */
    public static NewtonConfig newton(Spec s) {
        NewtonConfig c = NewtonConfig.defaults();
        c = c.withLr(s.doubleArg("lr", c.lr()));
        c = c.withDamping(s.doubleArg("damping", c.damping()));
        c = c.withMaxParameters(s.intArg("max_params", c.maxParameters()));
        done(s, "lr", "damping", "max_params");
        return c;
    }

    /** newton_cg(damping=1, max_cg=50, cg_tol=1e-4, cg_backtrack=true, gauss_newton=false). */
    public static NewtonCgConfig newtonCg(Spec s) {
        NewtonCgConfig d = NewtonCgConfig.defaults();
        NewtonCgConfig c = guarded(s, () -> d.withDamping(s.doubleArg("damping", d.damping()))
                .withMaxCg(s.intArg("max_cg", d.maxCg())).withCgTolerance(s.doubleArg("cg_tol", d.cgTolerance()))
                .withCgBacktrack(s.boolArg("cg_backtrack", d.cgBacktrack()))
                .withGaussNewton(s.boolArg("gauss_newton", d.gaussNewton())));
        done(s, "damping", "max_cg", "cg_tol", "cg_backtrack", "gauss_newton");
        return c;
    }

    /** saddle_free(krylov=20, damping=1e-3, lr=1, line_search=true, absolute=true). */
    public static SaddleFreeConfig saddleFree(Spec s) {
        SaddleFreeConfig d = SaddleFreeConfig.defaults();
        SaddleFreeConfig c = guarded(s, () -> d.withKrylov(s.intArg("krylov", d.krylov()))
                .withDamping(s.doubleArg("damping", d.damping())).withLr(s.doubleArg("lr", d.lr()))
                .withLineSearch(s.boolArg("line_search", d.lineSearch()))
                .withAbsolute(s.boolArg("absolute", d.absolute())));
        done(s, "krylov", "damping", "lr", "line_search", "absolute");
        return c;
    }

    public static LbfgsConfig lbfgs(Spec s) {
        LbfgsConfig c = LbfgsConfig.defaults();
        c = c.withLr(s.doubleArg("lr", c.lr()));
        c = c.withHistorySize(s.intArg("history_size", c.historySize()));
        c = c.withMaxIter(s.intArg("max_iter", c.maxIter()));
        c = c.withToleranceGrad(s.doubleArg("tolerance_grad", c.toleranceGrad()));
        c = c.withToleranceChange(s.doubleArg("tolerance_change", c.toleranceChange()));
        String search = s.stringArg("line_search_fn", c.strongWolfe() ? "strong_wolfe" : "none");
        if (!search.equals("strong_wolfe") && !search.equals("none")) {
            throw new InvalidInputException(OPTION, "'" + s.text() + "'", "line_search_fn = " + search
                    + ": expected strong_wolfe or none");
        }
        c = c.withStrongWolfe(search.equals("strong_wolfe"));
        done(s, "lr", "history_size", "max_iter", "tolerance_grad", "tolerance_change", "line_search_fn");
        return c;
    }

    private static MomentumConfig momentum(Spec s, double lr, double beta) {
        MomentumConfig c = MomentumConfig.defaults();
        return c.withLr(s.doubleArg("lr", c.lr())).withBeta(s.doubleArg("beta", c.beta()));
    }

    private static Function<Collection<ParamGroup>, Optimizer> firstOrder(Spec s) {
        Set<String> keys = new LinkedHashSet<>();
        Function<Collection<ParamGroup>, ChainOptimizer> make = switch (s.name()) {
            case "sgd" -> {
                SgdConfig d = SgdConfig.defaults();
                SgdConfig c = d.withLr(s.doubleArg("lr", d.lr())).withMomentum(s.doubleArg("momentum", d.momentum()))
                        .withDampening(s.doubleArg("dampening", d.dampening()))
                        .withNesterov(s.boolArg("nesterov", d.nesterov()))
                        .withWeightDecay(s.doubleArg("weight_decay", d.weightDecay()));
                keys.addAll(List.of("lr", "momentum", "dampening", "nesterov", "weight_decay"));
                yield ps -> Optimizers.sgd(ps, c);
            }
            case "heavyball" -> {
                MomentumConfig c = momentum(s, 0.01, 0.9);
                keys.addAll(List.of("lr", "beta"));
                yield ps -> Optimizers.heavyBall(ps, c);
            }
            case "nesterov" -> {
                // In minibatch training the look-ahead form is PyTorch's SGD with Nesterov momentum (the two are
                // equal under a change of variables, see NesterovLookahead).
                MomentumConfig m = momentum(s, 0.01, 0.9);
                SgdConfig c = SgdConfig.defaults().withLr(m.lr()).withMomentum(m.beta()).withNesterov(true);
                keys.addAll(List.of("lr", "beta"));
                yield ps -> Optimizers.sgd(ps, c);
            }
            case "adagrad" -> {
                AdagradConfig d = AdagradConfig.defaults();
                AdagradConfig c = d.withLr(s.doubleArg("lr", d.lr())).withLrDecay(s.doubleArg("lr_decay", d.lrDecay()))
                        .withInitialAccumulatorValue(s.doubleArg("initial_accumulator_value", d.initialAccumulatorValue()))
                        .withEps(s.doubleArg("eps", d.eps())).withWeightDecay(s.doubleArg("weight_decay", d.weightDecay()));
                keys.addAll(List.of("lr", "lr_decay", "initial_accumulator_value", "eps", "weight_decay"));
                yield ps -> Optimizers.adagrad(ps, c);
            }
            case "rmsprop" -> {
                RmspropConfig d = RmspropConfig.defaults();
                RmspropConfig c = d.withLr(s.doubleArg("lr", d.lr())).withAlpha(s.doubleArg("alpha", d.alpha()))
                        .withEps(s.doubleArg("eps", d.eps())).withMomentum(s.doubleArg("momentum", d.momentum()))
                        .withCentered(s.boolArg("centered", d.centered()))
                        .withWeightDecay(s.doubleArg("weight_decay", d.weightDecay()));
                keys.addAll(List.of("lr", "alpha", "eps", "momentum", "centered", "weight_decay"));
                yield ps -> Optimizers.rmsprop(ps, c);
            }
            case "adadelta" -> {
                AdadeltaConfig d = AdadeltaConfig.defaults();
                AdadeltaConfig c = d.withLr(s.doubleArg("lr", d.lr())).withRho(s.doubleArg("rho", d.rho()))
                        .withEps(s.doubleArg("eps", d.eps())).withWeightDecay(s.doubleArg("weight_decay", d.weightDecay()));
                keys.addAll(List.of("lr", "rho", "eps", "weight_decay"));
                yield ps -> Optimizers.adadelta(ps, c);
            }
            case "adam", "amsgrad", "adamw" -> {
                boolean w = s.name().equals("adamw");
                AdamConfig d = w ? AdamConfig.adamwDefaults() : AdamConfig.defaults();
                double[] betas = s.tupleArg("betas", d.beta1(), d.beta2());
                AdamConfig c = d.withLr(s.doubleArg("lr", d.lr())).withBetas(betas[0], betas[1])
                        .withEps(s.doubleArg("eps", d.eps())).withWeightDecay(s.doubleArg("weight_decay", d.weightDecay()))
                        .withAmsgrad(s.boolArg("amsgrad", s.name().equals("amsgrad")));
                keys.addAll(List.of("lr", "betas", "eps", "weight_decay", "amsgrad"));
                yield w ? ps -> Optimizers.adamw(ps, c) : ps -> Optimizers.adam(ps, c);
            }
            case "nadam" -> {
                NadamConfig d = NadamConfig.defaults();
                double[] betas = s.tupleArg("betas", d.beta1(), d.beta2());
                NadamConfig c = d.withLr(s.doubleArg("lr", d.lr())).withBetas(betas[0], betas[1])
                        .withEps(s.doubleArg("eps", d.eps())).withWeightDecay(s.doubleArg("weight_decay", d.weightDecay()))
                        .withMomentumDecay(s.doubleArg("momentum_decay", d.momentumDecay()));
                keys.addAll(List.of("lr", "betas", "eps", "weight_decay", "momentum_decay"));
                yield ps -> Optimizers.nadam(ps, c);
            }
            case "adamax" -> {
                AdamaxConfig d = AdamaxConfig.defaults();
                double[] betas = s.tupleArg("betas", d.beta1(), d.beta2());
                AdamaxConfig c = d.withLr(s.doubleArg("lr", d.lr())).withBetas(betas[0], betas[1])
                        .withEps(s.doubleArg("eps", d.eps())).withWeightDecay(s.doubleArg("weight_decay", d.weightDecay()));
                keys.addAll(List.of("lr", "betas", "eps", "weight_decay"));
                yield ps -> Optimizers.adamax(ps, c);
            }
            case "radam" -> {
                RadamConfig d = RadamConfig.defaults();
                double[] betas = s.tupleArg("betas", d.beta1(), d.beta2());
                RadamConfig c = d.withLr(s.doubleArg("lr", d.lr())).withBetas(betas[0], betas[1])
                        .withEps(s.doubleArg("eps", d.eps())).withWeightDecay(s.doubleArg("weight_decay", d.weightDecay()));
                keys.addAll(List.of("lr", "betas", "eps", "weight_decay"));
                yield ps -> Optimizers.radam(ps, c);
            }
            case "lion" -> {
                LionConfig d = LionConfig.defaults();
                double[] betas = s.tupleArg("betas", d.beta1(), d.beta2());
                LionConfig c = d.withLr(s.doubleArg("lr", d.lr())).withBetas(betas[0], betas[1])
                        .withWeightDecay(s.doubleArg("weight_decay", d.weightDecay()));
                keys.addAll(List.of("lr", "betas", "weight_decay"));
                yield ps -> Optimizers.lion(ps, c);
            }
            case "lamb" -> {
                LambConfig d = LambConfig.defaults();
                double[] betas = s.tupleArg("betas", d.beta1(), d.beta2());
                LambConfig c = d.withLr(s.doubleArg("lr", d.lr())).withBetas(betas[0], betas[1])
                        .withEps(s.doubleArg("eps", d.eps())).withWeightDecay(s.doubleArg("weight_decay", d.weightDecay()));
                keys.addAll(List.of("lr", "betas", "eps", "weight_decay"));
                yield ps -> Optimizers.lamb(ps, c);
            }
            case "lars" -> {
                LarsConfig d = LarsConfig.defaults();
                LarsConfig c = d.withLr(s.doubleArg("lr", d.lr())).withMomentum(s.doubleArg("momentum", d.momentum()))
                        .withWeightDecay(s.doubleArg("weight_decay", d.weightDecay()))
                        .withTrustCoefficient(s.doubleArg("trust_coefficient", d.trustCoefficient()));
                keys.addAll(List.of("lr", "momentum", "weight_decay", "trust_coefficient"));
                yield ps -> Optimizers.lars(ps, c);
            }
            default -> throw new InvalidInputException(OPTION, "'" + s.text() + "'", s.name() + " is not first-order");
        };
        GradientClipping clip = clipping(s);
        keys.addAll(List.of("clip_norm", "clip_value", "lookahead_k", "lookahead_alpha"));
        boolean lookahead = s.has("lookahead_k") || s.has("lookahead_alpha");
        int k = s.intArg("lookahead_k", 5);
        double alpha = s.doubleArg("lookahead_alpha", 0.5);
        s.checkAllUsed(keys);
        if (lookahead) {
            guarded(s, () -> Lookahead.checkSettings(k, alpha));
            return ps -> new Lookahead(make.apply(ps).clipGradients(clip), k, alpha);
        }
        return ps -> make.apply(ps).clipGradients(clip);
    }

    private static GradientClipping clipping(Spec s) {
        boolean norm = s.has("clip_norm");
        boolean value = s.has("clip_value");
        if (norm && value) {
            throw new InvalidInputException(OPTION, "'" + s.text() + "'", "give clip_norm or clip_value, not both");
        }
        try {
            if (norm) {
                return GradientClipping.byGlobalNorm(s.doubleArg("clip_norm", 1));
            }
            if (value) {
                return GradientClipping.byValue(s.doubleArg("clip_value", 1));
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(OPTION, "'" + s.text() + "'", e.getMessage());
        }
        s.doubleArg("clip_norm", 0);
        s.doubleArg("clip_value", 0);
        return GradientClipping.NONE;
    }

    private static void done(Spec s, String... keys) {
        s.checkAllUsed(new LinkedHashSet<>(List.of(keys)));
    }
}
