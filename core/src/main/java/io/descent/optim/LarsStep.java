package io.descent.optim;

import io.descent.tensor.Tensor;
import java.util.Map;

/**
 * LARS, layer-wise adaptive rate scaling (You, Gitman and Ginsburg 2017, "Large Batch Training of
 * Convolutional Networks"), Algorithm 1, per parameter tensor, with gamma the group's learning rate and beta
 * its weight decay:
 *
 * <pre>
 *   lambda^l = eta ||w^l|| / (||g^l|| + beta ||w^l||)        local learning rate, eta the trust coefficient
 *   v^l &lt;- m v^l + gamma lambda^l (g^l + beta w^l)
 *   w^l &lt;- w^l - v^l
 * </pre>
 *
 * lambda^l is 1 where ||w|| or ||g|| is zero ({@link TrustRatio}), so a bias that starts at zero still
 * moves. The norms need the whole tensor: the local rate is computed first, then the momentum pass.
 */
public record LarsStep(double momentum, double trustCoefficient) implements GradientTransform<LarsStep.State> {

    public LarsStep {
        Check.closedUnitInterval("lars", "momentum", momentum);
        Check.nonNegative("lars", "trust coefficient", trustCoefficient);
    }

    /** @param momentumBuffer v^l */
    public record State(Tensor momentumBuffer) implements TransformState {
        @Override
        public Map<String, Tensor> tensors() {
            return StateTensors.of("momentum_buffer", momentumBuffer);
        }
    }

    @Override
    public String name() {
        return "larsStep";
    }

    @Override
    public State init(Tensor parameter) {
        return new State(StateTensors.zerosLike(parameter));
    }

    @Override
    public boolean appliesUpdate() {
        return true;
    }

    /** lambda^l from the two norms. */
    double localLr(double weightNorm, double gradNorm, double beta) {
        return TrustRatio.of(weightNorm, gradNorm, trustCoefficient * weightNorm / (gradNorm + beta * weightNorm));
    }

    @Override
    public void update(Slot slot, State state) {
        double gamma = slot.group().lr();
        double beta = slot.group().weightDecay();
        int n = slot.size();
        if (slot.isFloat64()) {
            double[] g = slot.incoming().doubles();
            double[] p = slot.value().doubles();
            double[] v = state.momentumBuffer().doubles();
            double rate = gamma * localLr(TrustRatio.norm(p, n), TrustRatio.norm(g, n), beta);
            for (int i = 0; i < n; i++) {
                v[i] = momentum * v[i] + rate * (g[i] + beta * p[i]);
                p[i] -= v[i];
            }
        } else {
            float[] g = slot.incoming().floats();
            float[] p = slot.value().floats();
            float[] v = state.momentumBuffer().floats();
            float rate = (float) (gamma * localLr(TrustRatio.norm(p, n), TrustRatio.norm(g, n), beta));
            float mu = (float) momentum;
            float b = (float) beta;
            for (int i = 0; i < n; i++) {
                v[i] = mu * v[i] + rate * (g[i] + b * p[i]);
                p[i] -= v[i];
            }
        }
    }

    @Override
    public String toString() {
        return "larsStep(" + momentum + ", " + trustCoefficient + ")";
    }
}
