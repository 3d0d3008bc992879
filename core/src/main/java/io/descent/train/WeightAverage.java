package io.descent.train;

import io.descent.autograd.GradMode;
import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An averaged copy of a model's parameters, as {@code torch.optim.swa_utils.AveragedModel} of PyTorch 1.13:
 * {@link #update} after a step folds the parameters' values into the average, the first time by copying them,
 * then with the averaging function, n being the number of models averaged so far:
 *
 * <ul>
 *   <li>{@link #equalWeights}: a &lt;- a + (w - a) / (n + 1), the running mean of Polyak and Juditsky (1992) and
 *       of stochastic weight averaging (Izmailov, Podoprikhin, Garipov, Vetrov and Wilson 2018), PyTorch's
 *       default {@code avg_fn};</li>
 *   <li>{@link #exponential}: a &lt;- decay a + (1 - decay) w, an exponential moving average, PyTorch's
 *       {@code avg_fn=lambda a, w, n: decay * a + (1 - decay) * w}.</li>
 * </ul>
 *
 * Buffers (BatchNorm's running statistics) are not averaged, as with PyTorch's default
 * {@code use_buffers=False}: they belong to the trained weights, and {@link BatchNormStatistics} recomputes them
 * for the averaged ones. The averages are allocated once; an update allocates nothing.
 */
public final class WeightAverage {
    private final Map<String, Parameter> parameters;
    private final Map<String, Tensor> averages = new LinkedHashMap<>();
    /** The EMA's decay, or NaN for equal weights. */
    private final double decay;
    private long count;

    private WeightAverage(Map<String, Parameter> parameters, double decay) {
        this.parameters = Map.copyOf(parameters);
        this.decay = decay;
        parameters.forEach((n, p) -> averages.put(n, p.value().copy()));
    }

    /** The running mean of the parameters' values at each update (stochastic weight averaging). */
    public static WeightAverage equalWeights(Map<String, Parameter> parameters) {
        return new WeightAverage(parameters, Double.NaN);
    }

    /** The exponential moving average with {@code decay} in [0, 1). */
    public static WeightAverage exponential(Map<String, Parameter> parameters, double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("exponential moving average: decay = " + decay + " is outside [0, 1)");
        }
        return new WeightAverage(parameters, decay);
    }

    public boolean isExponential() {
        return !Double.isNaN(decay);
    }

    /** How many models were averaged: PyTorch's {@code n_averaged}. */
    public long count() {
        return count;
    }

    /** The averages by parameter name, live (read, do not write). */
    public Map<String, Tensor> averages() {
        return averages;
    }

    /** Folds the parameters' current values into the average. */
    public void update() {
        for (Map.Entry<String, Tensor> e : averages.entrySet()) {
            Tensor w = parameters.get(e.getKey()).value();
            Tensor a = e.getValue();
            if (count == 0) {
                a.copyFrom(w);
            } else {
                fold(a, w);
            }
        }
        count++;
    }

    private void fold(Tensor avg, Tensor w) {
        int n = avg.size();
        int o = w.offset();
        double k = count + 1;
        boolean ema = isExponential();
        if (avg.dtype() == DType.FLOAT64) {
            double[] a = avg.doubles();
            double[] p = w.doubles();
            for (int i = 0; i < n; i++) {
                a[i] = ema ? decay * a[i] + (1 - decay) * p[o + i] : a[i] + (p[o + i] - a[i]) / k;
            }
        } else {
            float[] a = avg.floats();
            float[] p = w.floats();
            float d = (float) decay;
            float dc = (float) (1 - decay);
            float fk = (float) k;
            for (int i = 0; i < n; i++) {
                a[i] = ema ? d * a[i] + dc * p[o + i] : a[i] + (p[o + i] - a[i]) / fk;
            }
        }
    }

    /** Copies the averages into the parameters (nothing before the first update). */
    public void copyIntoParameters() {
        if (count > 0) {
            try (var scope = GradMode.disabled()) {   // an in-place change of leaves, outside any graph
                averages.forEach((n, a) -> parameters.get(n).value().copyFrom(a));
            }
        }
    }

    /** Restores a saved average: the tensors by parameter name and the count; shapes are checked by the caller. */
    void restore(Map<String, Tensor> saved, long savedCount) {
        saved.forEach((n, t) -> averages.get(n).copyFrom(t));
        count = savedCount;
    }
}
