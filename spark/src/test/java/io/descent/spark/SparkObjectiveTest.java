package io.descent.spark;

import io.descent.train.Evaluation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.data.Dataset;
import io.descent.data.Synthetic;
import io.descent.loss.CrossEntropyLoss;
import io.descent.loss.Labels;
import io.descent.loss.LogLoss;
import io.descent.loss.LossSpec;
import io.descent.loss.Reduction;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.objective.Erm;
import io.descent.optim.Lbfgs;
import io.descent.optim.LbfgsConfig;
import io.descent.optim.Newton;
import io.descent.optim.NewtonConfig;
import io.descent.optim.Optimizers;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Full-batch methods on Spark: Newton's method and L-BFGS on the risk the executors compute follow the
 * same path as on the risk computed on one machine.
 */
class SparkObjectiveTest {
    static final Dataset DATA = Synthetic.blobs(400, 3, 2.0, 8); // overlapping classes: the minimum is finite
    static final Tensor X64 = DATA.features().to(DType.FLOAT64);

    static Module model() {
        return Models.linear(2, 3, 2, DType.FLOAT64);
    }

    /** Binary logistic regression on overlapping blobs: a strictly convex risk, so Newton's path is well posed. */
    static final Dataset BINARY = Synthetic.blobs(400, 2, 2.0, 8).signed();

    @Test
    void newtonOnTheDistributedRiskFollowsNewtonOnTheLocalRisk() {
        SparkSession spark = TestSpark.local();
        SparkData data = SparkData.of(spark, BINARY, 3);
        LogLoss logLoss = new LogLoss(Labels.PLUS_MINUS_ONE, Reduction.MEAN);
        SparkObjective distributed = new SparkObjective(spark, Models.linear(2, 1, 2, DType.FLOAT64),
                LossSpec.log(Labels.PLUS_MINUS_ONE), data, Aggregation.TREE);
        Erm local = new Erm(Models.linear(2, 1, 2, DType.FLOAT64), BINARY.features().to(DType.FLOAT64),
                BINARY.targets().to(DType.FLOAT64), logLoss::apply);

        Tensor wd = distributed.parameters();
        Tensor wl = local.parameters();
        assertThat(wd.toDoubleArray()).containsExactly(wl.toDoubleArray());
        assertThat(distributed.value(wd)).isCloseTo(local.value(wl), within(1e-12));
        Newton nd = new Newton(distributed, NewtonConfig.defaults());
        Newton nl = new Newton(local, NewtonConfig.defaults());
        double first = local.value(wl);
        for (int i = 0; i < 4; i++) {
            nd.step(wd);
            nl.step(wl);
        }
        data.unpersist();
        double[] a = wd.toDoubleArray();
        double[] b = wl.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("w[%d]", i).isCloseTo(b[i], within(1e-7 * Math.max(1, Math.abs(b[i]))));
        }
        assertThat(local.value(wl)).isLessThan(first - 0.1);
    }

    @Test
    void lbfgsWithTheDistributedClosureFollowsLbfgsWithALocalClosure() {
        SparkSession spark = TestSpark.local();
        SparkData data = SparkData.of(spark, DATA, 2);
        Module md = model();
        Module ml = model();
        SparkObjective risk = new SparkObjective(spark, md, LossSpec.crossEntropy(), data, Aggregation.ORDERED);
        Lbfgs ld = Optimizers.lbfgs(md.parameters(), LbfgsConfig.defaults());
        Lbfgs ll = Optimizers.lbfgs(ml.parameters(), LbfgsConfig.defaults());
        CrossEntropyLoss ce = new CrossEntropyLoss();
        double lossD = ld.step(risk.closure());
        double lossL = ll.step(() -> {
            ll.zeroGrad();
            Tensor l = ce.apply(ml.forward(X64), DATA.targets());
            l.backward();
            return l.item();
        });
        data.unpersist();
        assertThat(lossD).isCloseTo(lossL, within(1e-12));
        double[] a = ParameterVectors.values(md.parameters()).doubles();
        double[] b = ParameterVectors.values(ml.parameters()).doubles();
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("w[%d]", i).isCloseTo(b[i], within(1e-7 * Math.max(1, Math.abs(b[i]))));
        }
        assertThat(Evaluation.of(ml, new CrossEntropyLoss(), new Dataset(X64, DATA.targets(), 3), 1000, 1).loss())
                .isLessThan(lossL - 0.1);
    }
}
