package io.descent.optim;

/**
 * Settings of Adam and AdamW ({@link AdamStep}), PyTorch's defaults. Adam adds the weight decay to the
 * gradient, AdamW decouples it ({@link Optimizers#adam}, {@link Optimizers#adamw}); AdamW's customary decay
 * of 0.01 is {@link #adamwDefaults()}, the only difference between the two defaults.
 *
 * @param lr          eta, in [0, inf); default 0.001
 * @param beta1       decay of the first moment, in [0, 1); default 0.9
 * @param beta2       decay of the second moment, in [0, 1); default 0.999
 * @param eps         in [0, inf); default 1e-8
 * @param weightDecay in [0, inf); default 0 (Adam), 0.01 (AdamW)
 * @param amsgrad     divide by the running maximum of the second moment (Reddi et al. 2018); default false
 */
public record AdamConfig(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {

    public AdamConfig {
        Check.nonNegative("adam", "lr", lr);
        Check.unitInterval("adam", "beta1", beta1);
        Check.unitInterval("adam", "beta2", beta2);
        Check.nonNegative("adam", "eps", eps);
        Check.nonNegative("adam", "weight decay", weightDecay);
    }

    public static AdamConfig defaults() {
        return new AdamConfig(1e-3, 0.9, 0.999, 1e-8, 0, false);
    }

    /** Adam's defaults with weight decay 0.01, PyTorch's default for AdamW. */
    public static AdamConfig adamwDefaults() {
        return defaults().withWeightDecay(1e-2);
    }

    public AdamConfig withLr(double v) {
        return new AdamConfig(v, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public AdamConfig withBetas(double b1, double b2) {
        return new AdamConfig(lr, b1, b2, eps, weightDecay, amsgrad);
    }

    public AdamConfig withEps(double v) {
        return new AdamConfig(lr, beta1, beta2, v, weightDecay, amsgrad);
    }

    public AdamConfig withWeightDecay(double v) {
        return new AdamConfig(lr, beta1, beta2, eps, v, amsgrad);
    }

    public AdamConfig withAmsgrad(boolean v) {
        return new AdamConfig(lr, beta1, beta2, eps, weightDecay, v);
    }
}
