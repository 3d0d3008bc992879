package io.descent.nn;

import io.descent.autograd.GradMode;
import io.descent.tensor.DType;
import io.descent.tensor.DoubleBackward;
import io.descent.tensor.Tensor;

/**
 * Batch normalization (Ioffe and Szegedy 2015), the shared part of {@link BatchNorm1d} and {@link BatchNorm2d}.
 * The input is viewed as [N, C, S] (S = 1 for [N, F], L for [N, C, L], H W for [N, C, H, W]); each channel c
 * is normalized over its m = N S values:
 * <pre>
 *   y = gamma_c (x - mu_c) / sqrt(var_c + eps) + beta_c
 * </pre>
 * In training mode mu and var are the batch mean and biased variance, and the running statistics move
 * towards them: running_mean = (1 - momentum) running_mean + momentum mu, and the same for running_var with the
 * unbiased variance var m / (m - 1); num_batches_tracked counts the steps. In evaluation mode the running
 * statistics normalize. Defaults and numbers are PyTorch's: momentum 0.1, eps 1e-5, running_mean 0,
 * running_var 1, gamma 1, beta 0, and the same parameter and buffer names.
 *
 * <p>Derivatives (training mode), with xhat = (x - mu) / sqrt(var + eps), sums over a channel's m values:
 * dbeta = sum g, dgamma = sum g xhat, dx = gamma / sqrt(var + eps) (g - dbeta / m - xhat dgamma / m).
 * In evaluation mode the statistics are constants: dx = gamma g / sqrt(var + eps).
 *
 * <p>Forward and backward are each a per-channel affine map, y = a_c x + b_c and dx = a_c g + k_c x + l_c,
 * computed in one pass over the data after a pass for the channel sums. A backward pass that creates the
 * graph (double backward) computes the same formulas with recorded ops instead.
 */
public abstract class BatchNorm extends Module {
    private final int features;
    private final double eps;
    private final double momentum;
    private final DType dtype;
    private final Parameter weight;
    private final Parameter bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor batchesTracked;
    /** PyTorch's momentum=None: the running statistics are the plain average of all batches since the last reset. */
    private boolean cumulative;

    BatchNorm(int features, double eps, double momentum, boolean affine, DType dtype) {
        if (features < 1 || !(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": num_features must be >= 1, eps > 0 and "
                    + "momentum in [0, 1], got " + features + ", " + eps + ", " + momentum);
        }
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        this.dtype = dtype;
        this.weight = affine ? registerParameter("weight", Tensor.ones(dtype, features)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(dtype, features)) : null;
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(dtype, features));
        this.runningVar = registerBuffer("running_var", Tensor.ones(dtype, features));
        this.batchesTracked = registerBuffer("num_batches_tracked", Tensor.zeros(dtype));
    }

    /** Fails unless {@code x} has a rank this layer accepts; its dimension 1 is then the channel. */
    abstract void checkRank(Tensor x);

    /** gamma, or null without affine parameters. */
    public Parameter weight() {
        return weight;
    }

    /** beta, or null without affine parameters. */
    public Parameter bias() {
        return bias;
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }

    /**
     * Running mean 0, running variance 1, no batch tracked: PyTorch's {@code reset_running_stats()}, which
     * {@code torch.optim.swa_utils.update_bn} calls before it recomputes them.
     */
    public void resetRunningStatistics() {
        runningMean.copyFrom(Tensor.zeros(dtype, features));
        runningVar.copyFrom(Tensor.ones(dtype, features));
        batchesTracked.copyFrom(Tensor.zeros(dtype));
    }

    /**
     * With {@code on}, training batches update the running statistics by their cumulative average, factor
     * 1 / num_batches_tracked instead of the momentum (PyTorch's {@code momentum=None}); off, the momentum again.
     */
    public void cumulativeAverage(boolean on) {
        cumulative = on;
    }

    /** How many training batches updated the running statistics. */
    public long batchesTracked() {
        return (long) batchesTracked.item();
    }

    @Override
    public Tensor forward(Tensor x) {
        Kernels.checkDType(this, dtype, x);
        checkRank(x);
        if (x.dim(1) != features) {
            throw new IllegalArgumentException(this + ": input " + x.shape() + " has " + x.dim(1) + " channels, not "
                    + features);
        }
        int n = x.dim(0);
        int s = x.size() / Math.max(1, n * features);
        int m = n * s;
        double[] mean;
        double[] var;
        if (isTraining()) {
            if (m <= 1) {
                throw new IllegalArgumentException(this + ": training needs more than one value per channel, got input "
                        + x.shape());
            }
            mean = ChannelKernels.sums(x, n, features, s, null);
            scale(mean, 1.0 / m);
            var = ChannelKernels.sums(x, n, features, s, mean);
            scale(var, 1.0 / m);
            updateRunningStatistics(mean, var, m);
        } else {
            mean = runningMean.toDoubleArray();
            var = runningVar.toDoubleArray();
        }
        double[] gamma = weight == null ? null : weight.value().toDoubleArray();
        double[] beta = bias == null ? null : bias.value().toDoubleArray();
        double[] invStd = new double[features];
        double[] a = new double[features];
        double[] b = new double[features];
        for (int c = 0; c < features; c++) {
            invStd[c] = 1 / Math.sqrt(var[c] + eps);
            a[c] = (gamma == null ? 1 : gamma[c]) * invStd[c];
            b[c] = (beta == null ? 0 : beta[c]) - mean[c] * a[c];
        }
        Tensor y = Tensor.zeros(dtype, x.shape());
        ChannelKernels.affine(x, n, features, s, a, null, null, b, y);
        boolean training = isTraining();
        Tensor w = weight == null ? null : weight.value();
        Tensor bv = bias == null ? null : bias.value();
        return DoubleBackward.recordReadingInputsOnly("batchNorm", y, g -> {
            if (GradMode.isEnabled()) {     // a backward pass that creates the graph: recorded ops
                return recordedGradients(g, x, w, bv, training ? null : mean, invStd, n, s);
            }
            double[][] sums = ChannelKernels.gradientSums(g, x, n, features, s, mean);
            double[] sumG = sums[0];
            double[] sumGxc = sums[1];
            Tensor gx = null;
            if (x.requiresGrad()) {
                double[] k = new double[features];
                double[] l = new double[features];
                if (training) {
                    for (int c = 0; c < features; c++) {
                        k[c] = -a[c] * invStd[c] * invStd[c] * sumGxc[c] / m;
                        l[c] = -a[c] * sumG[c] / m - k[c] * mean[c];
                    }
                }
                gx = Tensor.zeros(dtype, x.shape());
                ChannelKernels.affine(g, n, features, s, a, x, k, l, gx);
            }
            Tensor gw = null;
            if (w != null && w.requiresGrad()) {
                double[] dGamma = new double[features];
                for (int c = 0; c < features; c++) {
                    dGamma[c] = sumGxc[c] * invStd[c];
                }
                gw = Kernels.fromDoubles(dGamma, dtype, features);
            }
            Tensor gb = bv != null && bv.requiresGrad() ? Kernels.fromDoubles(sumG, dtype, features) : null;
            return new Tensor[] {gx, gw, gb};
        }, x, w, bv);
    }

    /**
     * The derivatives of the class comment as recorded ops of x, gamma and g, for double backward, with the
     * input viewed as [N, C, S] and sums over a channel's m = N S values: xhat = (x - mu) invStd,
     * dbeta = sum g, dgamma = sum g xhat, and with gx = gamma g,
     * dx = invStd (gx - mean(gx) - xhat mean(gx xhat)) in training mode (mu and invStd functions of x), or
     * invStd gx in evaluation mode ({@code runningMean} given: mu and invStd constants).
     */
    private Tensor[] recordedGradients(Tensor g, Tensor x, Tensor w, Tensor bv, double[] runningMean,
            double[] runningInvStd, int n, int s) {
        int m = n * s;
        Tensor x3 = x.reshape(n, features, s);
        Tensor g3 = g.reshape(n, features, s);
        Tensor xc;
        Tensor inv;
        if (runningMean == null) {
            xc = x3.sub(channelSums(x3).div(m));
            inv = channelSums(xc.mul(xc)).div(m).add(eps).pow(-0.5);
        } else {
            xc = x3.sub(Kernels.fromDoubles(runningMean, dtype, 1, features, 1));
            inv = Kernels.fromDoubles(runningInvStd, dtype, 1, features, 1);
        }
        Tensor xhat = xc.mul(inv);
        Tensor gx = null;
        if (x.requiresGrad()) {
            Tensor gh = w == null ? g3 : g3.mul(w.reshape(1, features, 1));
            if (runningMean == null) {
                gh = gh.sub(channelSums(gh).div(m)).sub(xhat.mul(channelSums(gh.mul(xhat)).div(m)));
            }
            gx = gh.mul(inv).reshape(x.shape().dims());
        }
        Tensor gw = w != null && w.requiresGrad() ? channelSums(g3.mul(xhat)).reshape(features) : null;
        Tensor gb = bv != null && bv.requiresGrad() ? channelSums(g3).reshape(features) : null;
        return new Tensor[] {gx, gw, gb};
    }

    /** Sums over dimensions 0 and 2 of [N, C, S], kept as [1, C, 1]. */
    private static Tensor channelSums(Tensor t) {
        return t.sum(0, true).sum(2, true);
    }

    private void updateRunningStatistics(double[] mean, double[] var, int m) {
        double unbiased = (double) m / (m - 1);
        double count = batchesTracked.item() + 1;
        double momentum = cumulative ? 1 / count : this.momentum;
        int mo = runningMean.offset();
        int vo = runningVar.offset();
        for (int c = 0; c < features; c++) {
            double rm = (1 - momentum) * runningMean.getFlat(c) + momentum * mean[c];
            double rv = (1 - momentum) * runningVar.getFlat(c) + momentum * var[c] * unbiased;
            if (Kernels.isF32(runningMean)) {
                runningMean.floats()[mo + c] = (float) rm;
                runningVar.floats()[vo + c] = (float) rv;
            } else {
                runningMean.doubles()[mo + c] = rm;
                runningVar.doubles()[vo + c] = rv;
            }
        }
        if (Kernels.isF32(batchesTracked)) {
            batchesTracked.floats()[batchesTracked.offset()] = (float) count;
        } else {
            batchesTracked.doubles()[batchesTracked.offset()] = count;
        }
    }

    private static void scale(double[] v, double by) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= by;
        }
    }

    /** The spec arguments every batch norm has. */
    final Spec spec(String type) {
        return Spec.of(type, "num_features", features, "eps", eps, "momentum", momentum, "affine", weight != null,
                "dtype", dtype);
    }
}
