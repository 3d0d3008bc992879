package io.descent.spark;

import io.descent.autograd.GradMode;
import io.descent.loss.Loss;
import io.descent.loss.Reduction;
import io.descent.nn.Module;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;

/**
 * What an executor does with its partition's blocks: gather the rows a step asks for into a batch, and compute the
 * summed loss and its gradient at given weights.
 */
final class ShardWork {
    private ShardWork() {
    }

    /** Features and targets of the shard's {@code localRows}, in that order, as tensors of the model's dtype. */
    static Tensor[] gather(Shard shard, int[] localRows, DataShape shape, DType dtype) {
        PartitionRows.Batch b = PartitionRows.of(shard).gather(localRows, shape, dtype);
        return new Tensor[] {b.sparse() != null ? b.sparse().toDense(dtype).reshape(shape.batchFeatures(b.size()))
                : b.features(), b.targets()};
    }

    /** All the shard's rows, in order. */
    static int[] allRows(Shard shard) {
        return PartitionRows.of(shard).allRows();
    }

    /**
     * The sum over {@code localRows} of the loss and of its gradient with respect to the parameters, with
     * {@code model} holding the weights already.
     */
    static GradientPart gradient(Module model, Loss summedLoss, PartitionRows part, int[] localRows, DataShape shape,
            DType dtype) {
        if (localRows.length == 0) {
            return GradientPart.of(null, 0, 0, 0);
        }
        long start = System.nanoTime();
        PartitionRows.Batch batch = part.gather(localRows, shape, dtype);
        model.zeroGrad();
        Tensor loss = summedLoss.apply(batch.forward(model), batch.targets());
        loss.backward();
        FlatVector g = ParameterVectors.gradients(model.parameters());
        return GradientPart.of(g, loss.item(), localRows.length, System.nanoTime() - start);
    }

    /** The summed loss over {@code localRows}, without gradients. */
    static double loss(Module model, Loss summedLoss, PartitionRows part, int[] localRows, DataShape shape,
            DType dtype) {
        if (localRows.length == 0) {
            return 0;
        }
        PartitionRows.Batch batch = part.gather(localRows, shape, dtype);
        try (var scope = GradMode.disabled()) {
            return summedLoss.apply(batch.forward(model), batch.targets()).item();
        }
    }

    /** A model of the blueprint holding {@code weights}. */
    static Module model(ModelBlueprint blueprint, FlatVector weights) {
        Module m = blueprint.build();
        ParameterVectors.load(weights, m.parameters());
        return m;
    }

    static Loss summedLoss(ModelBlueprint blueprint) {
        return blueprint.loss().create(Reduction.SUM);
    }
}
