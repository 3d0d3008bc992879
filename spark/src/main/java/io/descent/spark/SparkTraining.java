package io.descent.spark;

import io.descent.loss.LossSpec;
import io.descent.nn.Module;
import io.descent.train.Callback;
import io.descent.train.Checkpointer;
import io.descent.train.Decision;
import io.descent.train.History;
import io.descent.train.Trainer;
import io.descent.train.TrainingContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Data-parallel training of a Descent model on Spark: the entry point. It runs the one training loop
 * ({@link Trainer}) over Spark's step source ({@link SparkSteps}); for early stopping, plateau schedules or
 * accumulation, build a {@code Trainer} yourself with {@link SparkSteps#of} as its source.
 *
 * <pre>{@code
 * try (SparkSession spark = SparkSessions.embedded("local[2]")) {
 *     SparkData data = SparkData.of(spark, Synthetic.blobs(10_000, 3, 0.5, 7), 2);
 *     Module model = Models.mlp(2, 3).hidden(32).seed(1).build();
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
 * then weights and optimizer state are averaged: k times fewer rounds of communication. A NaN or infinite loss
 * ends the run with {@link io.descent.train.TrainingDivergedException}, as on one machine.
 */
public final class SparkTraining {
    private SparkTraining() {
    }

    /**
     * Trains {@code model} in place (it ends with the trained weights) and returns the history: one record per epoch
     * and one step record per step (or round of local SGD) with its compute and communication costs.
     *
     * @param model     a model whose layers describe themselves ({@code Module.spec()})
     * @param optimizer makes the optimizer; it is applied on the driver (synchronous) or on every worker (local SGD)
     * @throws io.descent.InvalidInputException for a model, data or checkpoint that does not fit
     */
    public static History fit(SparkSession spark, Module model, LossSpec loss, OptimizerFactory optimizer,
            SparkData data, SparkConfig config) {
        SparkSteps steps = SparkSteps.of(spark, model, loss, optimizer, data, config);
        long perEpoch = steps.stepsPerEpoch();
        long total = config.steps() > 0 ? config.steps() : config.epochs() * perEpoch;
        int epochs = (int) Math.min(Integer.MAX_VALUE, (total + perEpoch - 1) / perEpoch);
        Trainer.Builder b = Trainer.builder().seed(config.seed());
        if (config.schedule() != null) {
            b.schedule(config.schedule(), Trainer.ScheduleUnit.STEP);
        }
        if (config.resumeFrom() != null) {
            b.resumeFrom(config.resumeFrom());
        }
        List<Callback> callbacks = new ArrayList<>();
        if (config.progress() != null) {
            callbacks.add(new SparkProgress(config.progress(), config.logEvery(), total));
        }
        if (config.steps() > 0) {
            callbacks.add(stopAt(config.steps()));
        }
        if (config.checkpoint() != null) {
            Checkpointer c = Checkpointer.every(config.checkpoint(), 1);
            callbacks.add(config.checkpointEvery() > 0 ? c.alsoEverySteps(config.checkpointEvery()) : c);
        }
        b.callbacks(callbacks.toArray(new Callback[0]));
        return b.build().fit(model, steps.optimizer(), steps, config.validation(), epochs);
    }

    /** Ends the run once {@code steps} optimizer steps are done, in the middle of an epoch if need be. */
    static Callback stopAt(long steps) {
        return new Callback() {
            @Override
            public Decision onBatchEnd(TrainingContext ctx, int batch, double loss) {
                return ctx.step() >= steps ? Decision.STOP : Decision.CONTINUE;
            }
        };
    }
}
