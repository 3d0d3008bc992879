package io.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ModelsTest {

    @Test
    void cnnMatchesThePyTorchPeer() {
        Module cnn = Models.cnn();
        assertThat(cnn.parameterCount()).isEqualTo(857_738); // sum(p.numel()) of shared/peers/cnn_fmnist.py
        assertThat(cnn.forward(Tensor.zeros(2, 1, 28, 28)).shape().dims()).containsExactly(2, 10);
        assertThat(cnn.toString()).startsWith("Sequential(Conv2d(in_channels=1, out_channels=32, kernel_size=5, stride=1, "
                + "padding=2");
    }

    @Test
    void mlpWithAndWithoutBatchNormAndDropout() {
        Module plain = Models.mlp(784, new int[] {1000, 1000}, 10, ReLU::new, false, 0, 0);
        assertThat(plain.parameterCount()).isEqualTo(784 * 1000 + 1000 + 1000 * 1000 + 1000 + 1000 * 10 + 10);
        assertThat(((Sequential) plain).size()).isEqualTo(5);
        Module full = Models.mlp(3, new int[] {4, 5}, 2, Tanh::new, true, 0.5, 1, DType.FLOAT64);
        assertThat(full.toString()).isEqualTo("Sequential("
                + "Linear(in_features=3, out_features=4, bias=true, dtype=float64), "
                + "BatchNorm1d(num_features=4, eps=1.0E-5, momentum=0.1, affine=true, dtype=float64), Tanh(), Dropout(p=0.5), "
                + "Linear(in_features=4, out_features=5, bias=true, dtype=float64), "
                + "BatchNorm1d(num_features=5, eps=1.0E-5, momentum=0.1, affine=true, dtype=float64), Tanh(), Dropout(p=0.5), "
                + "Linear(in_features=5, out_features=2, bias=true, dtype=float64))");
        assertThat(full.forward(Tensor.randn(new Rng(0), DType.FLOAT64, 7, 3)).shape().dims()).containsExactly(7, 2);
    }

    @Test
    void seedsDecideTheWeights() {
        Module a = Models.mlp(3, new int[] {4}, 2, ReLU::new, false, 0, 7);
        Module b = Models.mlp(3, new int[] {4}, 2, ReLU::new, false, 0, 7);
        Module c = Models.mlp(3, new int[] {4}, 2, ReLU::new, false, 0, 8);
        assertThat(a.parameters().get(0).value().toFloatArray()).containsExactly(b.parameters().get(0).value().toFloatArray());
        assertThat(a.parameters().get(0).value().toFloatArray()).isNotEqualTo(c.parameters().get(0).value().toFloatArray());
        assertThat(Models.linear(5, 1).parameterCount()).isEqualTo(6);
    }
}
