package io.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The bias gradient of a linear layer in float32: column sums, taken in float in blocks of 256 rows. */
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
}
