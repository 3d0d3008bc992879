package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.descent.curvature.ExtremeEigenvalues;
import io.descent.curvature.HessianOperator;
import io.descent.curvature.Hessians;
import io.descent.data.Dataset;
import io.descent.data.Synthetic;
import io.descent.loss.Labels;
import io.descent.loss.LogLoss;
import io.descent.loss.LossSpec;
import io.descent.loss.Reduction;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.nn.Tanh;
import io.descent.objective.Jacobi;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Hessian-vector products summed over Spark partitions equal the products of the loss computed on one machine. */
class SparkHessianTest {
    static final Dataset BINARY = Synthetic.blobs(300, 2, 2.0, 4).signed();

    static Module model() {
        return Models.mlp(2, 1).hidden(3).activation(Tanh::new).dtype(DType.FLOAT64).seed(5).build();
    }

    @Test
    void productsAndTheSpectrumMatchTheLocalFullBatchHessian() {
        SparkSession spark = TestSpark.local();
        SparkData data = SparkData.of(spark, BINARY, 3);
        try {
            Module distributedModel = model();
            HessianOperator distributed = new SparkHessian(spark, distributedModel, LossSpec.log(Labels.PLUS_MINUS_ONE),
                    data, Aggregation.TREE);
            Module localModel = model();
            LogLoss loss = new LogLoss(Labels.PLUS_MINUS_ONE, Reduction.MEAN);
            Tensor x = BINARY.features().to(DType.FLOAT64);
            Tensor y = BINARY.targets().to(DType.FLOAT64);
            HessianOperator local = Hessians.of(localModel.parameters(), () -> loss.apply(localModel.forward(x), y));
            int k = local.dimension();
            assertThat(distributed.dimension()).isEqualTo(k);
            double[][] a = Hessians.dense(distributed);
            double[][] b = Hessians.dense(local);
            double scale = 0;
            for (double[] row : b) {
                for (double v : row) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
            for (int i = 0; i < k; i++) {
                assertThat(a[i]).as("row %d", i).containsExactly(b[i], within(1e-7 * scale));
            }
            double[] lambda = Jacobi.eigenvalues(b);
            ExtremeEigenvalues e = ExtremeEigenvalues.of(distributed, 2, k, 1e-8, 1);
            assertThat(e.largest()[0]).isCloseTo(lambda[k - 1], within(1e-6 * scale));
            assertThat(e.smallest()[0]).isCloseTo(lambda[0], within(1e-6 * scale));
        } finally {
            data.unpersist();
        }
    }

    @Test
    void float32ModelsAreRefused() {
        SparkSession spark = TestSpark.local();
        SparkData data = SparkData.of(spark, BINARY, 2);
        try {
            assertThatThrownBy(() -> new SparkHessian(spark, Models.linear(2, 1, 0, DType.FLOAT32),
                    LossSpec.log(Labels.PLUS_MINUS_ONE), data, Aggregation.TREE)).hasMessageContaining("float64");
        } finally {
            data.unpersist();
        }
    }
}
