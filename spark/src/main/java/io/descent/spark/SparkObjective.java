package io.descent.spark;

import io.descent.loss.LossSpec;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.optim.Closure;
import io.descent.optim.Objective;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The empirical risk of a model over all the samples of a {@link SparkData}, computed by the executors: the
 * mean loss R(w) = (1/n) sum_i l(f_w(x_i), y_i) and its gradient, one Spark job each. What the methods that
 * need the function itself take, on data too large for one machine:
 *
 * <pre>{@code
 * SparkObjective risk = new SparkObjective(spark, model, LossSpec.log(Labels.ZERO_ONE), data, Aggregation.TREE);
 * Newton newton = new Newton(risk, NewtonConfig.defaults());     // small models: the Hessian is k x k
 * Tensor w = risk.parameters();
 * newton.step(w);  risk.load(w);
 *
 * Lbfgs lbfgs = Optimizers.lbfgs(model.parameters(), LbfgsConfig.defaults());
 * lbfgs.step(risk.closure());                                    // full-batch L-BFGS
 * }</pre>
 *
 * Newton's Hessian comes from {@link Objective}'s default, central differences of gradients: 2k jobs per
 * step, so keep it to a few dozen parameters on a cluster. Points are written into the driver's model, as
 * {@code io.descent.objective.Erm} does; float64 models keep Newton's points exact.
 */
public final class SparkObjective implements Objective {
    private final Module model;
    private final List<Parameter> params;
    private final DType dtype;
    private final int k;
    private final int n;
    private final SyncStep step;

    public SparkObjective(SparkSession spark, Module model, LossSpec loss, SparkData data, Aggregation aggregation) {
        this.model = model;
        this.params = model.parameters();
        this.dtype = ParameterVectors.dtype(params);
        this.k = ParameterVectors.count(params);
        this.n = data.size();
        this.step = new SyncStep(JavaSparkContext.fromSparkContext(spark.sparkContext()), data,
                ModelBlueprint.of(model, loss), aggregation, 2);
    }

    @Override
    public int dimension() {
        return k;
    }

    /** The model's current parameters as one float64 vector [k]. */
    public Tensor parameters() {
        FlatVector v = ParameterVectors.values(params);
        double[] w = new double[k];
        for (int i = 0; i < k; i++) {
            w[i] = v.get(i);
        }
        return Tensor.wrap(w, k);
    }

    /** Writes w [k] into the model's parameters (rounded to float for a float32 model). */
    public void load(Tensor w) {
        if (w.size() != k) {
            throw new IllegalArgumentException("spark objective: needs " + k + " values, got shape " + w.shape());
        }
        FlatVector v = FlatVector.zeros(dtype, k);
        for (int i = 0; i < k; i++) {
            if (dtype == DType.FLOAT32) {
                v.floats()[i] = (float) w.getFlat(i);
            } else {
                v.doubles()[i] = w.getFlat(i);
            }
        }
        ParameterVectors.load(v, params);
    }

    @Override
    public double value(Tensor w) {
        load(w);
        return run(false).sum().lossSum() / n;
    }

    @Override
    public Tensor gradient(Tensor w) {
        load(w);
        FlatVector sum = run(true).sum().gradientSum();
        double[] g = new double[k];
        for (int i = 0; i < k; i++) {
            g[i] = sum.get(i) / n;
        }
        return Tensor.wrap(g, k);
    }

    /**
     * A closure for L-BFGS and other closure optimizers on the driver's model: the mean loss over all samples
     * at the model's current weights, with every parameter's gradient set to its mean gradient.
     */
    public Closure closure() {
        return () -> {
            SyncStep.Result r = run(true);
            ParameterVectors.setGradients(params, r.sum().gradientSum(), 1.0 / n);
            return r.sum().lossSum() / n;
        };
    }

    private SyncStep.Result run(boolean gradient) {
        try {
            return step.run(ParameterVectors.values(params), null, gradient);
        } catch (Exception e) { // SparkException is checked, and thrown undeclared
            throw SparkFailures.unwrap(e);
        }
    }

    /** The driver's model, holding the last point evaluated. */
    public Module model() {
        return model;
    }
}
