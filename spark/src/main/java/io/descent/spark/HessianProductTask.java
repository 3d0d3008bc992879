package io.descent.spark;

import io.descent.curvature.Hessians;
import io.descent.loss.Loss;
import io.descent.nn.Module;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor's half of a {@link SparkHessian} product: H_p v for the Hessian of its partition's summed loss at
 * the broadcast weights, returned in a {@link GradientPart} so that the aggregation adds the parts as it adds
 * gradients.
 */
final class HessianProductTask implements Function2<GradientPart, PartitionRows, GradientPart> {
    private static final long serialVersionUID = 1L;

    private final ModelBlueprint blueprint;
    private final DataShape shape;
    private final Broadcast<SparkHessian.Input> input;

    HessianProductTask(ModelBlueprint blueprint, DataShape shape, Broadcast<SparkHessian.Input> input) {
        this.blueprint = blueprint;
        this.shape = shape;
        this.input = input;
    }

    @Override
    public GradientPart call(GradientPart acc, PartitionRows rowsOf) {
        int[] rows = rowsOf.allRows();
        if (rows.length == 0) {
            return acc.merge(GradientPart.of(null, 0, 0, 0));
        }
        SparkHessian.Input in = input.value();
        Module model = ModelPool.borrow(blueprint);
        boolean training = model.isTraining();
        try {
            long start = System.nanoTime();
            ParameterVectors.load(in.weights(), model.parameters());
            model.eval();
            Loss loss = ShardWork.summedLoss(blueprint);
            PartitionRows.Batch batch = rowsOf.gather(rows, shape, blueprint.dtype());
            double[] hv = new double[in.v().length];
            Hessians.of(model.parameters(), () -> loss.apply(batch.forward(model), batch.targets())).apply(in.v(), hv);
            return acc.merge(GradientPart.of(FlatVector.wrap(hv), 0, rows.length, System.nanoTime() - start));
        } finally {
            model.train(training);
            ModelPool.give(blueprint, model);
        }
    }
}
