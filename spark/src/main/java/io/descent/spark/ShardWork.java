package io.descent.spark;

import io.descent.autograd.GradMode;
import io.descent.loss.Loss;
import io.descent.loss.Reduction;
import io.descent.nn.Module;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;

/**
 * What an executor does with its shard: gather the rows a step asks for into a batch, and compute the
 * summed loss and its gradient at given weights.
 */
final class ShardWork {
    private ShardWork() {
    }

    /** Features and targets of the shard's {@code localRows}, in that order, as tensors of the model's dtype. */
    static Tensor[] gather(Shard shard, int[] localRows, DataShape shape, DType dtype) {
        int fs = shape.featureSize();
        int ts = shape.targetSize();
        int m = localRows.length;
        float[] x = new float[m * fs];
        float[] y = new float[m * ts];
        for (int i = 0; i < m; i++) {
            System.arraycopy(shard.features(), localRows[i] * fs, x, i * fs, fs);
            System.arraycopy(shard.targets(), localRows[i] * ts, y, i * ts, ts);
        }
        Tensor features = Tensor.wrap(x, shape.batchFeatures(m));
        Tensor targets = Tensor.wrap(y, shape.batchTargets(m));
        return dtype == DType.FLOAT32 ? new Tensor[] {features, targets}
                : new Tensor[] {features.to(dtype), targets.to(dtype)};
    }

    /** All the shard's rows, in order. */
    static int[] allRows(Shard shard) {
        int[] rows = new int[shard.rows()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /**
     * The sum over {@code localRows} of the loss and of its gradient with respect to the parameters, with
     * {@code model} holding the weights already.
     */
    static GradientPart gradient(Module model, Loss summedLoss, Shard shard, int[] localRows, DataShape shape,
            DType dtype) {
        if (localRows.length == 0) {
            return GradientPart.of(null, 0, 0, 0);
        }
        long start = System.nanoTime();
        Tensor[] batch = gather(shard, localRows, shape, dtype);
        model.zeroGrad();
        Tensor loss = summedLoss.apply(model.forward(batch[0]), batch[1]);
        loss.backward();
        FlatVector g = ParameterVectors.gradients(model.parameters());
        return GradientPart.of(g, loss.item(), localRows.length, System.nanoTime() - start);
    }

    /** The summed loss over {@code localRows}, without gradients. */
    static double loss(Module model, Loss summedLoss, Shard shard, int[] localRows, DataShape shape, DType dtype) {
        if (localRows.length == 0) {
            return 0;
        }
        Tensor[] batch = gather(shard, localRows, shape, dtype);
        try (var scope = GradMode.disabled()) {
            return summedLoss.apply(model.forward(batch[0]), batch[1]).item();
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
