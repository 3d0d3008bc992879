package io.descent.bench.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class TorchNesterovTest {
    /**
     * Two steps against torch.optim.SGD(lr=0.1, momentum=0.5, nesterov=True) by hand, theta_0 = 1:
     * g_1 = 2: b_1 = 2, theta_1 = 1 - 0.1 (2 + 0.5 * 2) = 0.7;
     * g_2 = 4: b_2 = 0.5 * 2 + 4 = 5, theta_2 = 0.7 - 0.1 (4 + 0.5 * 5) = 0.05.
     */
    @Test
    void stepsAsTorchsNesterovSgd() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray w = m.create(new float[] {1f, -1f});
            TorchNesterov sgd = new TorchNesterov(0.1f, 0.5f);
            sgd.update("w", w, m.create(new float[] {2f, 0f}));
            assertThat(w.toFloatArray()[0]).isCloseTo(0.7f, within(1e-6f));
            sgd.update("w", w, m.create(new float[] {4f, 1f}));
            float[] v = w.toFloatArray();
            assertThat(v[0]).isCloseTo(0.05f, within(1e-6f));
            // second element: g = 0 then 1: b_2 = 1, theta_2 = -1 - 0.1 (1 + 0.5) = -1.15
            assertThat(v[1]).isCloseTo(-1.15f, within(1e-6f));
        }
    }
}
