package io.descent.optim;

/**
 * The gradient transforms, by the names chains are written with ({@code import static
 * io.descent.optim.Transforms.*}). Each is a small record with its formula in its Javadoc.
 */
public final class Transforms {
    private Transforms() {
    }

    /** u &lt;- u + lambda w: L2 weight decay folded into the gradient (lambda from the group). */
    public static AddWeightDecay addWeightDecay() {
        return new AddWeightDecay();
    }

    /** w &lt;- w (1 - eta lambda): AdamW's decoupled weight decay (eta and lambda from the group). */
    public static DecoupledWeightDecay decoupledWeightDecay() {
        return new DecoupledWeightDecay();
    }

    /** SGD's momentum buffer, heavy ball or Nesterov. */
    public static Trace trace(double momentum, double dampening, boolean nesterov) {
        return new Trace(momentum, dampening, nesterov);
    }

    /** w &lt;- w - eta u. */
    public static Descend descend() {
        return new Descend();
    }

    /** AdaGrad's step, divided by the root of the summed squared gradients. */
    public static AdagradStep adagradStep(double lrDecay, double initialAccumulatorValue, double eps) {
        return new AdagradStep(lrDecay, initialAccumulatorValue, eps);
    }

    /** RMSProp's step, plain or centered, with or without momentum. */
    public static RmspropStep rmspropStep(double alpha, double eps, double momentum, boolean centered) {
        return new RmspropStep(alpha, eps, momentum, centered);
    }

    /** AdaDelta's unit-correcting rescaling of the update; follow it with {@link #descend()}. */
    public static AdadeltaScale adadeltaScale(double rho, double eps) {
        return new AdadeltaScale(rho, eps);
    }

    /** Adam's (or AMSGrad's) step: first moment over the root of the second, bias-corrected. */
    public static AdamStep adamStep(double beta1, double beta2, double eps, boolean amsgrad) {
        return new AdamStep(beta1, beta2, eps, amsgrad);
    }

    /** NAdam's step: Adam with a Nesterov look-ahead on the first moment. */
    public static NadamStep nadamStep(double beta1, double beta2, double eps, double momentumDecay) {
        return new NadamStep(beta1, beta2, eps, momentumDecay);
    }

    /** RAdam's step: Adam with the variance of its adaptive learning rate rectified (Liu et al. 2020). */
    public static RadamStep radamStep(double beta1, double beta2, double eps) {
        return new RadamStep(beta1, beta2, eps);
    }

    /** Lion's step: the sign of an interpolated momentum, with decoupled weight decay (Chen et al. 2023). */
    public static LionStep lionStep(double beta1, double beta2) {
        return new LionStep(beta1, beta2);
    }

    /** LAMB's step: Adam's, plus weight decay, scaled by the tensor's trust ratio (You et al. 2020). */
    public static LambStep lambStep(double beta1, double beta2, double eps) {
        return new LambStep(beta1, beta2, eps);
    }

    /** LARS's step: momentum on a layer-wise local learning rate (You, Gitman and Ginsburg 2017). */
    public static LarsStep larsStep(double momentum, double trustCoefficient) {
        return new LarsStep(momentum, trustCoefficient);
    }

    /** AdaMax's step: Adam with the infinity norm in place of the second moment. */
    public static AdamaxStep adamaxStep(double beta1, double beta2, double eps) {
        return new AdamaxStep(beta1, beta2, eps);
    }

    /** Polyak's heavy ball in the lecture's form w_{t+1} = w_t - alpha g + beta (w_t - w_{t-1}). */
    public static HeavyBallStep heavyBallStep(double beta) {
        return new HeavyBallStep(beta);
    }
}
