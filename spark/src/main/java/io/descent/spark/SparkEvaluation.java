package io.descent.spark;

import io.descent.autograd.GradMode;
import io.descent.loss.Loss;
import io.descent.loss.LossSpec;
import io.descent.nn.Module;
import io.descent.tensor.Tensor;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * The final figures of a model on held-out rows that stay on the executors: the mean loss and the accuracy
 * (argmax for classes, the sign of the score for -1/+1 or 0/1 labels of a margin loss), one Spark job, printed
 * as the line single-machine runs end with.
 */
public record SparkEvaluation(String name, double loss, double accuracy) {
    /** Rows per forward pass on an executor: memory bounded by this, not by the partition. */
    static final int ROWS_PER_PASS = 1000;

    public static SparkEvaluation of(String name, SparkSession spark, Module model, LossSpec loss, SparkData data) {
        ModelBlueprint blueprint = ModelBlueprint.of(model, loss);
        FlatVector weights = ParameterVectors.values(model.parameters());
        List<Tensor> buffers = WorkerState.buffers(model);
        FlatVector bufferValues = buffers.isEmpty() ? null : ParameterVectors.valuesOf(buffers, blueprint.dtype());
        Broadcast<FlatVector[]> b = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(new FlatVector[] {weights, bufferValues});
        double[] sums;
        try {
            sums = data.shards().mapPartitions(new Task(blueprint, data.shape(), b), true)
                    .reduce(SparkEvaluation::add);
        } catch (Exception e) { // SparkException is checked, and thrown undeclared
            throw SparkFailures.unwrap(e);
        } finally {
            b.destroy();
        }
        double accuracy = sums[2] < 0 ? Double.NaN : sums[1] / data.size();
        return new SparkEvaluation(name, sums[0] / data.size(), accuracy);
    }

    private static double[] add(double[] a, double[] b) {
        return new double[] {a[0] + b[0], a[1] + b[1], Math.min(a[2], b[2])};
    }

    /** The line {@code descent train} and {@code eval} end with (the command line's {@code HeldOut.line()}). */
    public String line() {
        return Double.isNaN(accuracy)
                ? String.format(Locale.ROOT, "%s loss %.6f", name, loss)
                : String.format(Locale.ROOT, "%s accuracy %.4f loss %.6f", name, accuracy, loss);
    }

    /** An executor's partition: {summed loss, correct predictions, -1 when accuracy has no meaning else 0}. */
    private static final class Task implements FlatMapFunction<Iterator<Shard>, double[]> {
        private static final long serialVersionUID = 1L;
        private final ModelBlueprint blueprint;
        private final DataShape shape;
        private final Broadcast<FlatVector[]> input;

        Task(ModelBlueprint blueprint, DataShape shape, Broadcast<FlatVector[]> input) {
            this.blueprint = blueprint;
            this.shape = shape;
            this.input = input;
        }

        @Override
        public Iterator<double[]> call(Iterator<Shard> blocks) {
            PartitionRows part = PartitionRows.of(blocks);
            Module model = ShardWork.model(blueprint, input.value()[0]);
            ParameterVectors.loadInto(input.value()[1], WorkerState.buffers(model));
            model.eval();
            Loss loss = ShardWork.summedLoss(blueprint);
            boolean margin = blueprint.loss().isMargin();
            boolean classes = blueprint.loss().isClassification();
            double lossSum = 0;
            double correct = 0;
            try (var scope = GradMode.disabled()) {
                for (int from = 0; from < part.rows(); from += ROWS_PER_PASS) {
                    int m = Math.min(ROWS_PER_PASS, part.rows() - from);
                    int[] rows = new int[m];
                    for (int i = 0; i < m; i++) {
                        rows[i] = from + i;
                    }
                    PartitionRows.Batch batch = part.gather(rows, shape, blueprint.dtype());
                    Tensor out = batch.forward(model);
                    lossSum += loss.apply(out, batch.targets()).item();
                    correct += margin ? signsRight(out, batch.targets()) : classes ? argmaxRight(out, batch.targets()) : 0;
                }
            }
            return List.of(new double[] {lossSum, correct, margin || classes ? 0 : -1}).iterator();
        }

        /** Rows whose score has the label's sign (labels -1/+1 or 0/1: positive means 1). */
        private static int signsRight(Tensor out, Tensor y) {
            int right = 0;
            for (int i = 0; i < y.size(); i++) {
                if ((out.getFlat(i) >= 0) == (y.getFlat(i) > 0)) {
                    right++;
                }
            }
            return right;
        }

        private static int argmaxRight(Tensor out, Tensor y) {
            int m = (int) y.size();
            int k = (int) (out.size() / m);
            int right = 0;
            for (int i = 0; i < m; i++) {
                int best = 0;
                for (int j = 1; j < k; j++) {
                    if (out.getFlat(i * k + j) > out.getFlat(i * k + best)) {
                        best = j;
                    }
                }
                if (best == (int) y.getFlat(i)) {
                    right++;
                }
            }
            return right;
        }
    }
}
