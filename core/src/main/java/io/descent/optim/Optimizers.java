package io.descent.optim;

import static io.descent.optim.Transforms.adadeltaScale;
import static io.descent.optim.Transforms.adagradStep;
import static io.descent.optim.Transforms.adamStep;
import static io.descent.optim.Transforms.adamaxStep;
import static io.descent.optim.Transforms.addWeightDecay;
import static io.descent.optim.Transforms.decoupledWeightDecay;
import static io.descent.optim.Transforms.descend;
import static io.descent.optim.Transforms.heavyBallStep;
import static io.descent.optim.Transforms.lambStep;
import static io.descent.optim.Transforms.larsStep;
import static io.descent.optim.Transforms.lionStep;
import static io.descent.optim.Transforms.nadamStep;
import static io.descent.optim.Transforms.radamStep;
import static io.descent.optim.Transforms.rmspropStep;
import static io.descent.optim.Transforms.trace;

import io.descent.nn.Parameter;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The named optimizers, each a chain of transforms that this class shows in one line. Every method comes
 * in three forms: on a model's named parameters, on a list of parameters (both one group with the
 * configuration's settings), and on parameter groups that may override the learning rate and weight decay:
 *
 * <pre>{@code
 * Optimizer adam = Optimizers.adam(model.namedParameters(), AdamConfig.defaults());
 * Optimizer sgd = Optimizers.sgd(model.parameters(), SgdConfig.defaults().withLr(0.1).withMomentum(0.9));
 * Optimizer adamw = Optimizers.adamw(List.of(ParamGroup.of(weights), ParamGroup.of(biases).withWeightDecay(0)),
 *         AdamConfig.adamwDefaults());
 * }</pre>
 *
 * Each update follows PyTorch 1.13's single-tensor code ({@code torch/optim/*.py}) operation by operation,
 * so that in float64 the trajectories agree with PyTorch's to the last bits (OptimizerParityTest).
 *
 * <p>Prefer the named form for anything that saves a state: the state then refers to each parameter by
 * its name ("0.weight") and loads into an optimizer built over the same names in any order. The list form
 * names the parameters by position, as PyTorch's state dicts do (see {@link ParamGroup}).
 */
public final class Optimizers {
    private Optimizers() {
    }

    private static List<ParamGroup> one(List<Parameter> parameters) {
        return List.of(ParamGroup.of(parameters));
    }

    private static List<ParamGroup> one(Map<String, Parameter> parameters) {
        return List.of(ParamGroup.of(parameters));
    }

    /** Gradient descent, with PyTorch's momentum, dampening, Nesterov and weight decay. */
    public static ChainOptimizer sgd(List<Parameter> parameters, SgdConfig c) {
        return sgd(one(parameters), c);
    }

    public static ChainOptimizer sgd(Map<String, Parameter> parameters, SgdConfig c) {
        return sgd(one(parameters), c);
    }

    public static ChainOptimizer sgd(Collection<ParamGroup> groups, SgdConfig c) {
        Chain chain = c.momentum() == 0
                ? Chain.of(addWeightDecay(), descend())
                : Chain.of(addWeightDecay(), trace(c.momentum(), c.dampening(), c.nesterov()), descend());
        return new ChainOptimizer("sgd", groups, c.lr(), c.weightDecay(), chain);
    }

    /** Polyak's heavy ball in the lecture's form w_{t+1} = w_t - alpha grad f(w_t) + beta (w_t - w_{t-1}). */
    public static ChainOptimizer heavyBall(List<Parameter> parameters, MomentumConfig c) {
        return heavyBall(one(parameters), c);
    }

    public static ChainOptimizer heavyBall(Map<String, Parameter> parameters, MomentumConfig c) {
        return heavyBall(one(parameters), c);
    }

    public static ChainOptimizer heavyBall(Collection<ParamGroup> groups, MomentumConfig c) {
        return new ChainOptimizer("heavyBall", groups, c.lr(), 0, Chain.of(heavyBallStep(c.beta())));
    }

    /** Nesterov's look-ahead form, which evaluates the gradient at w_t + beta (w_t - w_{t-1}): needs a closure. */
    public static NesterovLookahead nesterovLookahead(List<Parameter> parameters, MomentumConfig c) {
        return new NesterovLookahead(ParameterNames.positional(parameters.size()), parameters, c);
    }

    public static NesterovLookahead nesterovLookahead(Map<String, Parameter> parameters, MomentumConfig c) {
        return new NesterovLookahead(List.copyOf(parameters.keySet()), List.copyOf(parameters.values()), c);
    }

    public static ChainOptimizer adagrad(List<Parameter> parameters, AdagradConfig c) {
        return adagrad(one(parameters), c);
    }

    public static ChainOptimizer adagrad(Map<String, Parameter> parameters, AdagradConfig c) {
        return adagrad(one(parameters), c);
    }

    public static ChainOptimizer adagrad(Collection<ParamGroup> groups, AdagradConfig c) {
        Chain chain = Chain.of(addWeightDecay(), adagradStep(c.lrDecay(), c.initialAccumulatorValue(), c.eps()));
        return new ChainOptimizer("adagrad", groups, c.lr(), c.weightDecay(), chain);
    }

    public static ChainOptimizer rmsprop(List<Parameter> parameters, RmspropConfig c) {
        return rmsprop(one(parameters), c);
    }

    public static ChainOptimizer rmsprop(Map<String, Parameter> parameters, RmspropConfig c) {
        return rmsprop(one(parameters), c);
    }

    public static ChainOptimizer rmsprop(Collection<ParamGroup> groups, RmspropConfig c) {
        Chain chain = Chain.of(addWeightDecay(), rmspropStep(c.alpha(), c.eps(), c.momentum(), c.centered()));
        return new ChainOptimizer("rmsprop", groups, c.lr(), c.weightDecay(), chain);
    }

    public static ChainOptimizer adadelta(List<Parameter> parameters, AdadeltaConfig c) {
        return adadelta(one(parameters), c);
    }

    public static ChainOptimizer adadelta(Map<String, Parameter> parameters, AdadeltaConfig c) {
        return adadelta(one(parameters), c);
    }

    public static ChainOptimizer adadelta(Collection<ParamGroup> groups, AdadeltaConfig c) {
        Chain chain = Chain.of(addWeightDecay(), adadeltaScale(c.rho(), c.eps()), descend());
        return new ChainOptimizer("adadelta", groups, c.lr(), c.weightDecay(), chain);
    }

    /** Adam (AMSGrad with {@code amsgrad}); weight decay is added to the gradient (L2). */
    public static ChainOptimizer adam(List<Parameter> parameters, AdamConfig c) {
        return adam(one(parameters), c);
    }

    public static ChainOptimizer adam(Map<String, Parameter> parameters, AdamConfig c) {
        return adam(one(parameters), c);
    }

    public static ChainOptimizer adam(Collection<ParamGroup> groups, AdamConfig c) {
        Chain chain = Chain.of(addWeightDecay(), adamStep(c.beta1(), c.beta2(), c.eps(), c.amsgrad()));
        return new ChainOptimizer("adam", groups, c.lr(), c.weightDecay(), chain);
    }

    /** AdamW: Adam with decoupled weight decay w &lt;- w (1 - eta lambda) (Loshchilov and Hutter 2019). */
    public static ChainOptimizer adamw(List<Parameter> parameters, AdamConfig c) {
        return adamw(one(parameters), c);
    }

    public static ChainOptimizer adamw(Map<String, Parameter> parameters, AdamConfig c) {
        return adamw(one(parameters), c);
    }

    public static ChainOptimizer adamw(Collection<ParamGroup> groups, AdamConfig c) {
        Chain chain = Chain.of(decoupledWeightDecay(), adamStep(c.beta1(), c.beta2(), c.eps(), c.amsgrad()));
        return new ChainOptimizer("adamw", groups, c.lr(), c.weightDecay(), chain);
    }

    public static ChainOptimizer nadam(List<Parameter> parameters, NadamConfig c) {
        return nadam(one(parameters), c);
    }

    public static ChainOptimizer nadam(Map<String, Parameter> parameters, NadamConfig c) {
        return nadam(one(parameters), c);
    }

    public static ChainOptimizer nadam(Collection<ParamGroup> groups, NadamConfig c) {
        Chain chain = Chain.of(addWeightDecay(), nadamStep(c.beta1(), c.beta2(), c.eps(), c.momentumDecay()));
        return new ChainOptimizer("nadam", groups, c.lr(), c.weightDecay(), chain);
    }

    /** RAdam (Liu et al. 2020): Adam, rectified while its adaptive step's variance is intractable; L2 weight decay. */
    public static ChainOptimizer radam(List<Parameter> parameters, RadamConfig c) {
        return radam(one(parameters), c);
    }

    public static ChainOptimizer radam(Map<String, Parameter> parameters, RadamConfig c) {
        return radam(one(parameters), c);
    }

    public static ChainOptimizer radam(Collection<ParamGroup> groups, RadamConfig c) {
        Chain chain = Chain.of(addWeightDecay(), radamStep(c.beta1(), c.beta2(), c.eps()));
        return new ChainOptimizer("radam", groups, c.lr(), c.weightDecay(), chain);
    }

    /** Lion (Chen et al. 2023): the sign of an interpolated momentum; its weight decay is decoupled. */
    public static ChainOptimizer lion(List<Parameter> parameters, LionConfig c) {
        return lion(one(parameters), c);
    }

    public static ChainOptimizer lion(Map<String, Parameter> parameters, LionConfig c) {
        return lion(one(parameters), c);
    }

    public static ChainOptimizer lion(Collection<ParamGroup> groups, LionConfig c) {
        return new ChainOptimizer("lion", groups, c.lr(), c.weightDecay(), Chain.of(lionStep(c.beta1(), c.beta2())));
    }

    /** LAMB (You et al. 2020): Adam with a trust ratio per parameter tensor, for large batches. */
    public static ChainOptimizer lamb(List<Parameter> parameters, LambConfig c) {
        return lamb(one(parameters), c);
    }

    public static ChainOptimizer lamb(Map<String, Parameter> parameters, LambConfig c) {
        return lamb(one(parameters), c);
    }

    public static ChainOptimizer lamb(Collection<ParamGroup> groups, LambConfig c) {
        return new ChainOptimizer("lamb", groups, c.lr(), c.weightDecay(), Chain.of(lambStep(c.beta1(), c.beta2(), c.eps())));
    }

    /** LARS (You, Gitman and Ginsburg 2017): SGD with momentum on a local learning rate per parameter tensor. */
    public static ChainOptimizer lars(List<Parameter> parameters, LarsConfig c) {
        return lars(one(parameters), c);
    }

    public static ChainOptimizer lars(Map<String, Parameter> parameters, LarsConfig c) {
        return lars(one(parameters), c);
    }

    public static ChainOptimizer lars(Collection<ParamGroup> groups, LarsConfig c) {
        return new ChainOptimizer("lars", groups, c.lr(), c.weightDecay(),
                Chain.of(larsStep(c.momentum(), c.trustCoefficient())));
    }

    public static ChainOptimizer adamax(List<Parameter> parameters, AdamaxConfig c) {
        return adamax(one(parameters), c);
    }

    public static ChainOptimizer adamax(Map<String, Parameter> parameters, AdamaxConfig c) {
        return adamax(one(parameters), c);
    }

    public static ChainOptimizer adamax(Collection<ParamGroup> groups, AdamaxConfig c) {
        Chain chain = Chain.of(addWeightDecay(), adamaxStep(c.beta1(), c.beta2(), c.eps()));
        return new ChainOptimizer("adamax", groups, c.lr(), c.weightDecay(), chain);
    }

    /** Lookahead (Zhang et al. 2019) around {@code inner}: k fast steps, then the slow weights move alpha of the way. */
    public static Lookahead lookahead(Optimizer inner, int k, double alpha) {
        return new Lookahead(inner, k, alpha);
    }

    /** L-BFGS with PyTorch's semantics, optionally with the strong-Wolfe line search; needs a closure. */
    public static Lbfgs lbfgs(List<Parameter> parameters, LbfgsConfig c) {
        return new Lbfgs(ParameterNames.positional(parameters.size()), parameters, c);
    }

    public static Lbfgs lbfgs(Map<String, Parameter> parameters, LbfgsConfig c) {
        return new Lbfgs(List.copyOf(parameters.keySet()), List.copyOf(parameters.values()), c);
    }
}
