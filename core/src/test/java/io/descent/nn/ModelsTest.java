package io.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        Module plain = Models.mlp(784, 10).hidden(1000, 1000).build();
        assertThat(plain.parameterCount()).isEqualTo(784 * 1000 + 1000 + 1000 * 1000 + 1000 + 1000 * 10 + 10);
        assertThat(((Sequential) plain).size()).isEqualTo(5);
        Module full = Models.mlp(3, 2).hidden(4, 5).activation(Tanh::new).batchNorm(true).dropout(0.5).seed(1)
                .dtype(DType.FLOAT64).build();
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
        Module a = Models.mlp(3, 2).hidden(4).seed(7).build();
        Module b = Models.mlp(3, 2).hidden(4).seed(7).build();
        Module c = Models.mlp(3, 2).hidden(4).seed(8).build();
        assertThat(a.parameters().get(0).value().toFloatArray()).containsExactly(b.parameters().get(0).value().toFloatArray());
        assertThat(a.parameters().get(0).value().toFloatArray()).isNotEqualTo(c.parameters().get(0).value().toFloatArray());
        assertThat(Models.linear(5, 1).parameterCount()).isEqualTo(6);
    }

    @Test
    void mlpDefaultsAreReluFloat32SeedZeroWithoutBatchNormOrDropout() {
        assertThat(Models.mlp(3, 2).build().toString())
                .isEqualTo("Sequential(Linear(in_features=3, out_features=2, bias=true, dtype=float32))");
        Module defaults = Models.mlp(3, 2).hidden(4).build();
        Module explicit = Models.mlp(3, 2).hidden(4).activation(ReLU::new).batchNorm(false).dropout(0).seed(0)
                .dtype(DType.FLOAT32).build();
        assertThat(defaults.toString()).isEqualTo("Sequential(Linear(in_features=3, out_features=4, bias=true, "
                + "dtype=float32), ReLU(), Linear(in_features=4, out_features=2, bias=true, dtype=float32))");
        assertThat(defaults.toString()).isEqualTo(explicit.toString());
        for (int i = 0; i < defaults.parameters().size(); i++) {
            assertThat(defaults.parameters().get(i).value().toFloatArray())
                    .containsExactly(explicit.parameters().get(i).value().toFloatArray());
        }
    }

    @Test
    void mlpBuilderKeepsItsOwnCopyOfTheWidthsAndBuildsAgain() {
        int[] widths = {4, 5};
        MlpBuilder builder = Models.mlp(3, 2).hidden(widths);
        widths[0] = 100;
        assertThat(builder.build().parameterCount()).isEqualTo(3 * 4 + 4 + 4 * 5 + 5 + 5 * 2 + 2);
        assertThat(builder.hidden(6).build().parameterCount()).isEqualTo(3 * 6 + 6 + 6 * 2 + 2);
    }

    @Test
    void mlpSettingsOutsideTheirRangeAreRefusedWithTheRange() {
        assertThatThrownBy(() -> Models.mlp(0, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mlp: inputs and outputs must be >= 1, got in = 0, out = 2");
        assertThatThrownBy(() -> Models.mlp(3, 2).hidden(4, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mlp: hidden widths must be >= 1, got 0");
        assertThatThrownBy(() -> Models.mlp(3, 2).dropout(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mlp: dropout = 1.0 is outside [0, 1)");
        assertThatThrownBy(() -> Models.mlp(3, 2).dropout(Double.NaN)).hasMessage("mlp: dropout = NaN is outside [0, 1)");
        assertThatThrownBy(() -> Models.mlp(3, 2).activation(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("mlp: activation");
    }
}
