/**
 * Optimizers, each a readable composition of small gradient transforms (after Optax), and the methods that
 * evaluate the function themselves.
 *
 * <pre>
 *   SGD with momentum = chain(addWeightDecay(), trace(mu, dampening, nesterov), descend())
 *   Adam              = chain(addWeightDecay(), adamStep(beta1, beta2, eps, amsgrad))     momentum + RMSProp
 *   AdamW             = chain(decoupledWeightDecay(), adamStep(beta1, beta2, eps, amsgrad))
 * </pre>
 *
 * <ul>
 *   <li>{@link io.descent.optim.Optimizers}: the named first-order methods (SGD, heavy ball, AdaGrad, RMSProp,
 *       AdaDelta, Adam, AdamW, NAdam, AdaMax) on parameters or {@link io.descent.optim.ParamGroup}s, with
 *       hyperparameter records that hold the defaults and validate;</li>
 *   <li>{@link io.descent.optim.GradientClipping} by global norm or by value;</li>
 *   <li>{@link io.descent.optim.Lbfgs} and {@link io.descent.optim.NesterovLookahead}, which call a
 *       {@link io.descent.optim.Closure}; {@link io.descent.optim.Newton}, which needs an
 *       {@link io.descent.optim.Objective} with a Hessian;</li>
 *   <li>{@link io.descent.optim.NewtonCg} (Hessian-free, Martens 2010) and {@link io.descent.optim.SaddleFreeNewton}
 *       (Dauphin et al. 2014), which see the curvature only through products, on a
 *       {@link io.descent.optim.CurvatureObjective} ({@link io.descent.optim.ObjectiveCurvature} for test functions,
 *       {@code io.descent.curvature.ModelCurvature} for a model on data);</li>
 *   <li>{@link io.descent.optim.OptimizerState}: the state as plain maps for checkpoints, resumed bit for bit.</li>
 * </ul>
 *
 * In float64 every method that {@code torch.optim} also has reproduces PyTorch 1.13's trajectories bit for
 * bit (OptimizerParityTest): each update follows the operation order of PyTorch's single-tensor code,
 * with {@link java.lang.Math#fma} where PyTorch's CPU kernels fuse a multiply and an add.
 *
 * <p>Layering: this package sees parameters and gradients ({@code nn.Parameter}), never layers. It holds the
 * {@link io.descent.optim.Objective} interface because Newton's method needs it; {@code io.descent.objective}
 * implements it and walks these optimizers over it, so that package depends on this one, not the reverse.
 * {@code io.descent.schedule} knows nothing of either: a schedule gives a factor, and
 * {@link io.descent.optim.Optimizer#setLearningRateFactor} applies it.
 */
package io.descent.optim;
