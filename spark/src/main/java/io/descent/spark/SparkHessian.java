package io.descent.spark;

import io.descent.curvature.HessianOperator;
import io.descent.loss.LossSpec;
import io.descent.nn.Module;
import io.descent.tensor.DType;
import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * The Hessian of the mean loss over all the samples of a {@link SparkData}, seen through its products, each one
 * Spark job with one aggregation: H = (1/n) sum_p H_p with H_p the Hessian of partition p's summed loss, so
 *
 * <pre>
 *   H v = (1/n) sum_p H_p v          the driver broadcasts (w, v); partition p computes H_p v locally
 *                                    (io.descent.curvature.Hessians.of); the parts are added by a tree aggregation
 * </pre>
 *
 * The spectrum tools ({@code Lanczos}, {@code Hutchinson}, {@code SpectralDensity}) then run on the driver, on
 * vectors of k values, for data too large for one machine. The model must be float64 (curvature is measured
 * there) and hold no buffers (BatchNorm's running statistics are not shipped); it is evaluated in eval mode,
 * so Dropout is off and the loss is a deterministic function of the weights.
 *
 * <pre>{@code
 * HessianOperator h = new SparkHessian(spark, model64, LossSpec.crossEntropy(), data, Aggregation.TREE);
 * ExtremeEigenvalues e = ExtremeEigenvalues.of(h, 5, 100, 1e-7, 0);
 * }</pre>
 */
public final class SparkHessian implements HessianOperator {
    private static final int TREE_DEPTH = 2;

    private final JavaSparkContext sc;
    private final Module model;
    private final SparkData data;
    private final ModelBlueprint blueprint;
    private final Aggregation aggregation;
    private final int k;

    public SparkHessian(SparkSession spark, Module model, LossSpec loss, SparkData data, Aggregation aggregation) {
        if (ParameterVectors.dtype(model.parameters()) != DType.FLOAT64) {
            throw new IllegalArgumentException("spark hessian: needs a float64 model (see io.descent.curvature.Float64Copy)");
        }
        if (!model.namedBuffers().isEmpty()) {
            throw new IllegalArgumentException("spark hessian: the model has buffers " + model.namedBuffers().keySet()
                    + " (BatchNorm's running statistics), which products on Spark do not ship");
        }
        this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.model = model;
        this.data = data;
        this.blueprint = ModelBlueprint.of(model, loss);
        this.aggregation = aggregation;
        this.k = ParameterVectors.count(model.parameters());
    }

    @Override
    public int dimension() {
        return k;
    }

    /** What one product broadcasts: the driver model's weights and the vector. */
    record Input(FlatVector weights, double[] v) implements Serializable {
    }

    /** H v at the driver model's current weights. */
    @Override
    public void apply(double[] v, double[] out) {
        if (v.length != k || out.length != k) {
            throw new IllegalArgumentException("spark hessian: vectors of " + k + " values expected, got " + v.length
                    + " and " + out.length);
        }
        Broadcast<Input> b = sc.broadcast(new Input(ParameterVectors.values(model.parameters()), v.clone()));
        GradientPart total;
        try {
            total = aggregation.run(data.shards(), GradientPart::empty, new HessianProductTask(blueprint, data.shape(), b),
                    GradientPart::merge, TREE_DEPTH);
        } catch (Exception e) { // SparkException is checked, and thrown undeclared
            throw SparkFailures.unwrap(e);
        } finally {
            b.destroy();
        }
        if (total.rows() != data.size()) {
            throw new IllegalStateException("the workers computed on " + total.rows() + " samples, the data has "
                    + data.size());
        }
        FlatVector sum = total.gradientSum();
        for (int i = 0; i < k; i++) {
            out[i] = sum.get(i) / data.size();
        }
    }
}
