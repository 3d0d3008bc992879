package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.curvature.ModelCurvature;
import io.descent.loss.Loss;
import io.descent.loss.SquareLoss;
import io.descent.nn.Linear;
import io.descent.nn.Module;
import io.descent.nn.Sequential;
import io.descent.nn.Tanh;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Hessian-free against Adam on a small MLP (2-16-1, tanh, 65 parameters, float64, squared error) fitting
 * y = sin(3a) + 10 (b - a) from 300 rows of strongly correlated inputs (b = a + 0.1 u): the second term lives
 * in a direction of small input variance, an ill-conditioned least-squares problem. Both run full-batch from
 * the same initialization. Budget in passes over the data (gradient = 1, curvature-vector product = 2,
 * value = 1): Adam takes {@value #ADAM_PASSES} steps (one gradient each) at each of four learning rates and
 * keeps its best; Newton-CG with the Gauss-Newton matrix (initial damping 1e-2, at most 20 CG iterations)
 * stops before {@value #NEWTON_CG_PASSES} passes.
 */
class NewtonCgNetworkTest {
    private static final int ADAM_PASSES = 600;
    private static final int NEWTON_CG_PASSES = 500;
    private static final DType F64 = DType.FLOAT64;
    private static final int N = 300;
    private static final Loss LOSS = new SquareLoss();

    private static Tensor[] data() {
        Rng rng = new Rng(1);
        double[] x = new double[2 * N];
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            double a = rng.uniform(-1, 1);
            double b = a + 0.1 * rng.uniform(-1, 1);
            x[2 * i] = a;
            x[2 * i + 1] = b;
            y[i] = Math.sin(3 * a) + 10 * (b - a);
        }
        return new Tensor[] {Tensor.of(x, N, 2), Tensor.of(y, N, 1)};
    }

    private static Module mlp() {
        Rng rng = new Rng(2);
        return new Sequential(new Linear(2, 16, true, F64, rng), new Tanh(), new Linear(16, 1, true, F64, rng));
    }

    private static double adam(double lr, Tensor x, Tensor y) {
        Module net = mlp();
        ChainOptimizer adam = Optimizers.adam(net.parameters(), AdamConfig.defaults().withLr(lr));
        for (int step = 0; step < ADAM_PASSES; step++) {
            adam.zeroGrad();
            LOSS.apply(net.forward(x), y).backward();
            adam.step();
        }
        ModelCurvature f = new ModelCurvature(net, LOSS, x, y);
        return f.value(f.read());
    }

    /** The loss reached and the passes spent. */
    private static double[] newtonCg(NewtonCgConfig config, Tensor x, Tensor y) {
        Module net = mlp();
        ModelCurvature f = new ModelCurvature(net, LOSS, x, y);
        NewtonCg hf = new NewtonCg(f, config);
        double[] w = f.read();
        int passes = 0;
        // the next step costs at most 1 gradient + 2 max_cg + candidates and line-search values
        while (passes + 1 + 2 * config.maxCg() + 40 <= NEWTON_CG_PASSES) {
            passes += hf.step(w).passes();
        }
        return new double[] {f.value(w), passes};
    }

    @Test
    void reachesALowerTrainingLossThanAdamInFewerPasses() {
        Tensor[] d = data();
        double initial = new ModelCurvature(mlp(), LOSS, d[0], d[1]).value(new ModelCurvature(mlp(), LOSS, d[0], d[1]).read());
        double bestAdam = Double.POSITIVE_INFINITY;
        for (double lr : new double[] {3e-3, 1e-2, 3e-2, 1e-1}) {
            bestAdam = Math.min(bestAdam, adam(lr, d[0], d[1]));
        }
        double[] hf = newtonCg(NewtonCgConfig.defaults().withDamping(1e-2).withMaxCg(20).withGaussNewton(true),
                d[0], d[1]);
        assertThat(bestAdam).as("Adam learns").isLessThan(initial / 100);
        assertThat(hf[1]).as("passes").isLessThan(ADAM_PASSES);
        assertThat(hf[0]).as("Newton-CG's loss against Adam's best, " + bestAdam).isLessThan(bestAdam);
    }
}
