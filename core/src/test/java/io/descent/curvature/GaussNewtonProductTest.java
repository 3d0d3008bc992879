package io.descent.curvature;

import static io.descent.curvature.HessianChecks.assemble;
import static io.descent.curvature.HessianChecks.flat;
import static io.descent.curvature.HessianChecks.relativeError;
import static io.descent.curvature.HessianChecks.set;
import static io.descent.curvature.HessianChecks.transpose;
import static org.assertj.core.api.Assertions.assertThat;

import io.descent.autograd.GradMode;
import io.descent.loss.CrossEntropyLoss;
import io.descent.loss.Loss;
import io.descent.loss.SquareLoss;
import io.descent.nn.Linear;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.nn.Sequential;
import io.descent.nn.Tanh;
import io.descent.objective.Jacobi;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Gauss-Newton products against G = J' H_L J assembled independently: J from central differences of the
 * network's output, H_L the exact Hessian of the loss in the output; G = H for a linear model under the square
 * loss; G positive semi-definite where H is not.
 */
class GaussNewtonProductTest {
    private static final DType F64 = DType.FLOAT64;
    private static final int N = 6;

    private static Module mlp(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(3, 4, true, F64, rng), new Tanh(), new Linear(4, 3, true, F64, rng));
    }

    private static final Tensor LABELS = Tensor.of(new double[] {0, 1, 2, 2, 1, 0}, N);

    @Test
    void aTanhNetworkUnderCrossEntropyMatchesJacobianTransposeTimesLossHessianTimesJacobian() {
        Module net = mlp(5);
        Tensor x = Tensor.randn(new Rng(6), F64, N, 3);
        Loss loss = new CrossEntropyLoss();
        double[][] g = assemble(new ModelCurvature(net, loss, x, LABELS).gaussNewton(flat(net.parameters())));
        double[][] reference = reference(net, loss, x, LABELS);
        assertThat(relativeError(g, reference)).isLessThan(1e-8);
        assertThat(relativeError(g, transpose(g))).as("symmetry").isLessThan(1e-12);
    }

    @Test
    void aLinearModelUnderTheSquareLossHasGaussNewtonEqualToTheHessian() {
        Rng rng = new Rng(7);
        Linear model = new Linear(3, 2, true, F64, rng);
        Tensor x = Tensor.randn(rng, F64, N, 3);
        Tensor y = Tensor.randn(rng, F64, N, 2);
        ModelCurvature c = new ModelCurvature(model, new SquareLoss(), x, y);
        double[] w = flat(model.parameters());
        double[][] g = assemble(c.gaussNewton(w));
        double[][] h = assemble(c.hessian(w));
        assertThat(relativeError(g, h)).isLessThan(1e-12);
    }

    @Test
    void gaussNewtonIsPositiveSemiDefiniteWhereTheHessianIsIndefinite() {
        Module net = mlp(8);
        Tensor x = Tensor.randn(new Rng(9), F64, N, 3).mul(2);
        Tensor y = Tensor.randn(new Rng(10), F64, N, 3).mul(3);
        ModelCurvature c = new ModelCurvature(net, new SquareLoss(), x, y);
        double[] w = flat(net.parameters());
        double[] gEigen = Jacobi.eigenvalues(HessianChecks.symmetrized(assemble(c.gaussNewton(w))));
        double[] hEigen = Jacobi.eigenvalues(HessianChecks.symmetrized(assemble(c.hessian(w))));
        double scale = hEigen[hEigen.length - 1];
        assertThat(hEigen[0]).as("the Hessian's smallest eigenvalue").isLessThan(-1e-3 * scale);
        assertThat(gEigen[0]).as("G's smallest eigenvalue").isGreaterThan(-1e-10 * scale);
    }

    /** J' H_L J with J by central differences of the output (step 1e-5) and H_L assembled by double backward. */
    private static double[][] reference(Module net, Loss loss, Tensor x, Tensor y) {
        List<Parameter> ps = net.parameters();
        double[] w = flat(ps);
        int k = w.length;
        Tensor z0;
        try (var scope = GradMode.disabled()) {
            z0 = net.forward(x);
        }
        int m = z0.size();
        double[][] j = new double[m][k];
        double eps = 1e-5;
        for (int i = 0; i < k; i++) {
            double[] plus = w.clone();
            double[] minus = w.clone();
            plus[i] += eps;
            minus[i] -= eps;
            double[] zp = output(net, ps, plus, x);
            double[] zm = output(net, ps, minus, x);
            for (int r = 0; r < m; r++) {
                j[r][i] = (zp[r] - zm[r]) / (2 * eps);
            }
        }
        set(ps, w);
        Parameter z = new Parameter("z", Tensor.of(z0.toDoubleArray(), z0.shape().dims()));
        double[][] hl = assemble(ExactHessian.of(List.of(z), () -> loss.apply(z.value(), y)));
        double[][] g = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double s = 0;
                for (int r = 0; r < m; r++) {
                    for (int q = 0; q < m; q++) {
                        s += j[r][a] * hl[r][q] * j[q][b];
                    }
                }
                g[a][b] = s;
            }
        }
        return g;
    }

    private static double[] output(Module net, List<Parameter> ps, double[] w, Tensor x) {
        set(ps, w);
        try (var scope = GradMode.disabled()) {
            return net.forward(x).toDoubleArray();
        }
    }
}
