package io.descent.bench.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.Map;

/**
 * SGD with Nesterov momentum as {@code torch.optim.SGD(nesterov=True)} computes it (DJL's {@code Optimizer.nag()}
 * is not implemented on the PyTorch engine), in place on the parameter:
 *
 * <pre>
 *   b_t = mu b_{t-1} + g_t        (b_1 = g_1)
 *   theta_t = theta_{t-1} - lr (g_t + mu b_t)
 * </pre>
 */
final class TorchNesterov extends Optimizer {
    private final float lr;
    private final float momentum;
    private final Map<String, Map<Device, NDArray>> buffers = new HashMap<>();

    TorchNesterov(float lr, float momentum) {
        super(new Builder());
        this.lr = lr;
        this.momentum = momentum;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        boolean first = !buffers.containsKey(parameterId);
        NDArray b = withDefaultState(buffers, parameterId, weight.getDevice(), k -> grad.duplicate());
        if (!first) {
            b.muli(momentum).addi(grad);
        }
        try (NDArray step = b.mul(momentum)) {
            step.addi(grad).muli(lr);
            weight.subi(step);
        }
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
