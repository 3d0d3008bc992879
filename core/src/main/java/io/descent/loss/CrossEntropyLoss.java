package io.descent.loss;

import io.descent.autograd.GradMode;
import io.descent.tensor.DoubleBackward;
import io.descent.tensor.Tensor;

/**
 * Softmax cross-entropy on integer class labels (PyTorch's {@code CrossEntropyLoss}): for logits z [N, K]
 * and labels y [N] (or [N, 1]) holding class indices 0..K-1 as numbers (any dtype; they must be whole),
 * <pre>
 *   l_i = -log softmax(z_i)[y_i] = log sum_k e^{z_ik - M_i} + M_i - z_{i y_i},    M_i = max_k z_ik
 *   dl_i/dz_ik = softmax(z_i)_k - [k = y_i]
 * </pre>
 * Log-softmax and the negative log likelihood are fused and the row maximum subtracted, so logits of 1000
 * give finite losses and gradients. The mean is over the N examples. In a backward pass that creates the
 * graph (double backward) the derivative is computed with recorded ops (softmax), so it can be differentiated
 * again: d^2 l_i / dz_ij dz_ik = s_j ([j = k] - s_k).
 *
 * <pre>{@code
 * Tensor labels = Tensor.of(new float[] {3, 0, 9}, 3);
 * Tensor loss = new CrossEntropyLoss().apply(model.forward(x), labels);
 * }</pre>
 */
public final class CrossEntropyLoss implements Loss {
    private final Reduction reduction;

    public CrossEntropyLoss() {
        this(Reduction.MEAN);
    }

    public CrossEntropyLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    public Reduction reduction() {
        return reduction;
    }

    @Override
    public Tensor apply(Tensor logits, Tensor labels) {
        if (logits.rank() != 2 || labels.size() != logits.dim(0) || labels.rank() > 2
                || (labels.rank() == 2 && labels.dim(1) != 1)) {
            throw new IllegalArgumentException("CrossEntropyLoss: logits " + logits.shape() + " must be [N, K] and "
                    + "labels " + labels.shape() + " [N] (class indices)");
        }
        int n = logits.dim(0);
        int k = logits.dim(1);
        int[] y = classes(labels, k);
        double[] z = logits.toDoubleArray();
        double[] logZ = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                m = Math.max(m, z[i * k + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(z[i * k + j] - m);
            }
            logZ[i] = m + Math.log(sum);
            total += logZ[i] - z[i * k + y[i]];
        }
        double factor = reduction.factor(n);
        return DoubleBackward.record("crossEntropy", Tensor.scalar(total * factor, logits.dtype()), g -> {
            if (GradMode.isEnabled()) {     // double backward: (softmax(z) - onehot(y)) factor g, recorded
                double[] onehot = new double[n * k];
                for (int i = 0; i < n; i++) {
                    onehot[i * k + y[i]] = 1;
                }
                return new Tensor[] {logits.softmax(1).sub(Targets.tensor(onehot, logits)).mul(g.mul(factor))};
            }
            double scale = g.item() * factor;
            double[] d = new double[n * k];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    d[i * k + j] = scale * (Math.exp(z[i * k + j] - logZ[i]) - (j == y[i] ? 1 : 0));
                }
            }
            return new Tensor[] {Targets.tensor(d, logits)};
        }, logits);
    }

    private static int[] classes(Tensor labels, int k) {
        int[] y = new int[labels.size()];
        for (int i = 0; i < y.length; i++) {
            double v = labels.getFlat(i);
            if (!(v >= 0 && v < k && v == Math.rint(v))) {
                throw new IllegalArgumentException("CrossEntropyLoss: label " + i + " is " + v + "; labels must be "
                        + "class indices 0 to " + (k - 1));
            }
            y[i] = (int) v;
        }
        return y;
    }
}
