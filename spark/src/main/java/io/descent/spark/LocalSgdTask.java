package io.descent.spark;

import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.optim.Optimizer;
import io.descent.tensor.Tensor;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor's half of a round of local SGD: from the broadcast weights and optimizer state, take the
 * round's local steps on this partition's own batches (mean loss over each batch, as a single machine would),
 * and send back the weights and state reached.
 */
final class LocalSgdTask implements Function2<LocalPart, PartitionRows, LocalPart> {
    private static final long serialVersionUID = 1L;

    private final ModelBlueprint blueprint;
    private final DataShape shape;
    private final OptimizerFactory optimizerFactory;
    private final Broadcast<RoundInput> input;

    LocalSgdTask(ModelBlueprint blueprint, DataShape shape, OptimizerFactory optimizerFactory,
            Broadcast<RoundInput> input) {
        this.blueprint = blueprint;
        this.shape = shape;
        this.optimizerFactory = optimizerFactory;
        this.input = input;
    }

    @Override
    public LocalPart call(LocalPart acc, PartitionRows rowsOf) {
        RoundInput in = input.value();
        if (rowsOf.rows() == 0) {
            return acc;
        }
        long start = System.nanoTime();
        Module model = ModelPool.borrow(blueprint);
        try {
            List<Parameter> params = model.parameters();
            ParameterVectors.load(in.weights(), params);
            List<Tensor> buffers = WorkerState.buffers(model);
            ParameterVectors.loadInto(in.buffers(), buffers);
            Optimizer optimizer = optimizerFactory.create(params);
            optimizer.load(in.state().toState());
            Loss loss = ShardWork.summedLoss(blueprint);
            LocalBatches batches = new LocalBatches(rowsOf.first(), rowsOf.rows(), in.globalBatch(), in.samples(),
                    in.dropLast(), in.seed());
            double lossSum = 0;
            long rows = 0;
            for (int j = 0; j < in.steps(); j++) {
                int[] local = batches.rows(in.firstStep() + j);
                WorkerState.seedDropouts(model, in.seed(), in.firstStep() + j, rowsOf.first());
                GradientPart g = ShardWork.gradient(model, loss, rowsOf, local, shape, blueprint.dtype());
                if (in.lrFactors() != null) {
                    optimizer.setLearningRateFactor(in.lrFactors()[j]);
                }
                ParameterVectors.setGradients(params, g.gradientSum(), 1.0 / local.length);
                optimizer.step();
                lossSum += g.lossSum();
                rows += local.length;
            }
            FlatVector reached = in.buffers() == null ? null : ParameterVectors.valuesOf(buffers, blueprint.dtype());
            LocalPart part = LocalPart.of(ParameterVectors.values(params), StateVectors.of(optimizer.state()), reached,
                    lossSum, rows, System.nanoTime() - start);
            return acc.merge(part);
        } finally {
            ModelPool.give(blueprint, model);
        }
    }
}
