package io.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The bias gradients in float32, summed in float in blocks of 256 rows or samples and then in double: of a
 * linear layer (column sums) and of a convolution (per channel, every position of every sample).
 */
class ColumnSumsTest {

    /** A tall matrix (more than two blocks of rows) at an offset, summed over part of its columns. */
    @Test
    void columnSumsOfATallMatrixMatchTheSumsInDouble() {
        int rows = 600;
        int len = 37;
        int at = 11;
        float[] x = Tensor.uniform(new Rng(5), -1, 1, DType.FLOAT32, at + rows * len).toFloatArray();
        double[] acc = new double[len];
        acc[4] = 100;                       // sums are added to what acc holds
        Kernels.columnSums(x, at, rows, len, 5, 30, acc);
        for (int l = 0; l < len; l++) {
            double expected = l == 4 ? 100 : 0;
            if (l >= 5 && l < 30) {
                for (int o = 0; o < rows; o++) {
                    expected += x[at + o * len + l];
                }
            }
            assertThat(acc[l]).as("column " + l).isCloseTo(expected, within(1e-4));
        }
    }

    /** Through the layer: the bias gradient of a float32 Linear on a batch of 300 is the column sums of g. */
    @Test
    void linearBiasGradientInFloat32() {
        Linear layer = new Linear(4, 3, true, new Rng(1));
        Tensor x = Tensor.randn(new Rng(2), DType.FLOAT32, 300, 4);
        Tensor g = Tensor.randn(new Rng(3), DType.FLOAT32, 300, 3);
        layer.forward(x).backward(g);
        float[] gv = g.toFloatArray();
        double[] bias = layer.bias().grad().toDoubleArray();
        for (int j = 0; j < 3; j++) {
            double expected = 0;
            for (int o = 0; o < 300; o++) {
                expected += gv[o * 3 + j];
            }
            assertThat(bias[j]).isCloseTo(expected, within(1e-4));
        }
    }

    /** More than two flushes of 256 blocks, blocks strided as a channel's values are among the samples'. */
    @Test
    void blockSumsOfManySamplesMatchTheSumInDouble() {
        int count = 600;
        int size = 49;
        int step = 3 * size;
        int at = 7;
        float[] x = Tensor.uniform(new Rng(6), -1, 1, DType.FLOAT32, at + count * step).toFloatArray();
        double expected = 0;
        for (int o = 0; o < count; o++) {
            for (int i = 0; i < size; i++) {
                expected += x[at + o * step + i];
            }
        }
        assertThat(Kernels.blockSums(x, at, count, step, size)).isCloseTo(expected, within(1e-3));
    }

    /** Through the layer: the bias gradient of a float32 Conv2d is the sum of g over samples and positions. */
    @Test
    void convolutionBiasGradientInFloat32() {
        Conv2d conv = new Conv2d(2, 3, 3, 1, 1, true, DType.FLOAT32, new Rng(4));
        Tensor x = Tensor.randn(new Rng(5), DType.FLOAT32, 5, 2, 6, 6);
        Tensor g = Tensor.randn(new Rng(6), DType.FLOAT32, 5, 3, 6, 6);
        conv.forward(x).backward(g);
        float[] gv = g.toFloatArray();
        double[] bias = conv.bias().grad().toDoubleArray();
        for (int c = 0; c < 3; c++) {
            double expected = 0;
            for (int n = 0; n < 5; n++) {
                for (int i = 0; i < 36; i++) {
                    expected += gv[(n * 3 + c) * 36 + i];
                }
            }
            assertThat(bias[c]).isCloseTo(expected, within(1e-4));
        }
    }
}
