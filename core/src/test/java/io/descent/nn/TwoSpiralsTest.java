package io.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.autograd.GradMode;
import io.descent.loss.CrossEntropyLoss;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lecture's point that not all data is linear: on two interleaved spirals a linear classifier stays near
 * chance, while a network with two hidden ReLU layers fits every training point.
 */
class TwoSpiralsTest {
    private static final int PER_CLASS = 100;

    /** Two spirals of two turns each, one the other rotated by 180 degrees, labels 0 and 1, with a little noise. */
    static Tensor[] spirals(int perClass, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[4 * perClass];
        float[] y = new float[2 * perClass];
        for (int i = 0; i < perClass; i++) {
            double t = 0.5 + 4 * Math.PI * i / perClass; // angle, also the radius
            for (int c = 0; c < 2; c++) {
                int k = 2 * i + c;
                double sign = c == 0 ? 1 : -1;
                x[2 * k] = (float) (sign * t * Math.cos(t) / 5 + 0.02 * rng.nextGaussian());
                x[2 * k + 1] = (float) (sign * t * Math.sin(t) / 5 + 0.02 * rng.nextGaussian());
                y[k] = c;
            }
        }
        return new Tensor[] {Tensor.of(x, 2 * perClass, 2), Tensor.of(y, 2 * perClass)};
    }

    /** Full-batch Adam (lr 0.01, betas 0.9 and 0.999) on the cross-entropy; returns the training accuracy. */
    static double fit(Module model, Tensor x, Tensor y, int maxSteps) {
        CrossEntropyLoss loss = new CrossEntropyLoss();
        List<Parameter> params = model.parameters();
        double[][] m = new double[params.size()][];
        double[][] v = new double[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            m[i] = new double[params.get(i).size()];
            v[i] = new double[params.get(i).size()];
        }
        for (int step = 1; step <= maxSteps; step++) {
            model.zeroGrad();
            loss.apply(model.forward(x), y).backward();
            for (int i = 0; i < params.size(); i++) {
                float[] w = params.get(i).value().floats();
                float[] g = params.get(i).grad().floats();
                for (int j = 0; j < w.length; j++) {
                    m[i][j] = 0.9 * m[i][j] + 0.1 * g[j];
                    v[i][j] = 0.999 * v[i][j] + 0.001 * g[j] * g[j];
                    double mh = m[i][j] / (1 - Math.pow(0.9, step));
                    double vh = v[i][j] / (1 - Math.pow(0.999, step));
                    w[j] -= (float) (0.01 * mh / (Math.sqrt(vh) + 1e-8));
                }
            }
            if (step % 50 == 0 && accuracy(model, x, y) == 1.0) {
                break;
            }
        }
        return accuracy(model, x, y);
    }

    static double accuracy(Module model, Tensor x, Tensor y) {
        try (var scope = GradMode.disabled()) {
            int[] predicted = model.forward(x).argmax(1);
            int right = 0;
            for (int i = 0; i < predicted.length; i++) {
                right += predicted[i] == (int) y.getFlat(i) ? 1 : 0;
            }
            return (double) right / predicted.length;
        }
    }

    @Test
    void aLinearModelStaysNearChance() {
        Tensor[] data = spirals(PER_CLASS, 1);
        double acc = fit(Models.linear(2, 2, 0, DType.FLOAT32), data[0], data[1], 1000);
        assertThat(acc).isBetween(0.4, 0.6);
    }

    @Test
    void aTwoHiddenLayerReluNetworkFitsEveryPoint() {
        Tensor[] data = spirals(PER_CLASS, 1);
        Module net = Models.mlp(2, 2).hidden(64, 64).build();
        assertThat(fit(net, data[0], data[1], 3000)).isEqualTo(1.0);
    }
}
