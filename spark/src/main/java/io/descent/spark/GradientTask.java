package io.descent.spark;

import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.tensor.Tensor;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor's half of a synchronous step: for its partition, the summed loss and gradient over the partition's
 * rows of the broadcast batch (or all its rows), at the broadcast weights. Holds only serializable data: the blueprint, the sample
 * shape and the broadcast handle.
 */
final class GradientTask implements Function2<GradientPart, PartitionRows, GradientPart> {
    private static final long serialVersionUID = 1L;

    private final ModelBlueprint blueprint;
    private final DataShape shape;
    private final Broadcast<StepInput> input;

    GradientTask(ModelBlueprint blueprint, DataShape shape, Broadcast<StepInput> input) {
        this.blueprint = blueprint;
        this.shape = shape;
        this.input = input;
    }

    @Override
    public GradientPart call(GradientPart acc, PartitionRows rowsOf) {
        StepInput in = input.value();
        int[] rows = in.rows(rowsOf);
        if (rows.length == 0) {
            return acc.merge(GradientPart.of(null, 0, 0, 0));
        }
        Module model = ModelPool.borrow(blueprint);
        try {
            ParameterVectors.load(in.weights(), model.parameters());
            List<Tensor> buffers = WorkerState.buffers(model);
            ParameterVectors.loadInto(in.buffers(), buffers);
            Loss loss = ShardWork.summedLoss(blueprint);
            if (!in.gradient()) {
                long start = System.nanoTime();
                double sum = ShardWork.loss(model, loss, rowsOf, rows, shape, blueprint.dtype());
                return acc.merge(GradientPart.of(null, sum, rows.length, System.nanoTime() - start));
            }
            WorkerState.seedDropouts(model, in.seed(), in.step(), rowsOf.first());
            GradientPart part = ShardWork.gradient(model, loss, rowsOf, rows, shape, blueprint.dtype());
            return acc.merge(part.withBuffers(in.buffers() == null ? null
                    : ParameterVectors.valuesOf(buffers, blueprint.dtype())));
        } finally {
            ModelPool.give(blueprint, model);
        }
    }
}
