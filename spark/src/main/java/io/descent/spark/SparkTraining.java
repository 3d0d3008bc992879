package io.descent.spark;

import io.descent.loss.LossSpec;
import io.descent.nn.Module;
import java.io.IOException;
import org.apache.spark.sql.SparkSession;

/**
 * Data-parallel training of a Descent model on Spark: the entry point.
 *
 * <pre>{@code
 * try (SparkSession spark = SparkSessions.embedded("local[2]")) {
 *     SparkData data = SparkData.of(spark, Synthetic.blobs(10_000, 3, 0.5, 7), 2);
 *     Module model = Models.mlp(2, new int[] {32}, 3, ReLU::new, false, 0, 1);
 *     OptimizerFactory adam = p -> Optimizers.adam(p, AdamConfig.defaults().withLr(1e-2));
 *     History h = SparkTraining.fit(spark, model, LossSpec.crossEntropy(), adam, data,
 *             SparkConfig.defaults().withBatchSize(100).withEpochs(3).withProgress(System.err::println, 10));
 *     h.writeCsv(Path.of("history.csv"));
 * }
 * }</pre>
 *
 * <p>Synchronous mode (the default): every step broadcasts the weights and the step's global batch, every
 * partition computes the summed gradient of its rows of the batch, the parts are added up, and the driver
 * divides by the batch size and runs the optimizer. The batches are those of a shuffling
 * {@code DataLoader(data, batchSize, true, dropLast, seed)}, so the weights match single-machine training to
 * float rounding. Local SGD ({@link SparkConfig#withLocalSgd}): every partition takes k steps on its own rows,
 * then weights and optimizer state are averaged: k times fewer rounds of communication.
 */
public final class SparkTraining {
    private SparkTraining() {
    }

    /**
     * Trains {@code model} in place (it ends with the trained weights) and returns the history.
     *
     * @param model     a model whose layers describe themselves ({@code Module.spec()}), without BatchNorm or Dropout
     * @param optimizer makes the optimizer; it is applied on the driver (synchronous) or on every worker (local SGD)
     * @throws io.descent.InvalidInputException for a model, data or checkpoint that does not fit
     */
    public static History fit(SparkSession spark, Module model, LossSpec loss, OptimizerFactory optimizer,
            SparkData data, SparkConfig config) throws IOException {
        return new SparkTrainer(spark, model, loss, optimizer, data, config).fit();
    }
}
