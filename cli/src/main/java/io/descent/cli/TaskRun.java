package io.descent.cli;

import io.descent.optim.Optimizers;
import io.descent.train.Callback;
import io.descent.train.FullBatchSource;
import io.descent.train.History;
import io.descent.train.Trainer;
import io.descent.train.TrainingDivergedException;
import io.descent.train.Validation;
import java.io.IOException;
import java.util.List;

/**
 * One optimizer trained on a prepared task the way {@code compare} and {@code tune} run them: fresh weights from
 * the task's seed and the same minibatch order for every optimizer, no progress output, and a run that diverges
 * is a result ({@link #diverged()}), not an error. Newton's method and L-BFGS train full-batch, one step per epoch.
 *
 * @param spec     the optimizer spec as given
 * @param history  the finished epochs (those before the fault when the run diverged)
 * @param seconds  wall-clock time of the run
 * @param diverged why the run stopped early on a NaN or infinity, or null
 */
record TaskRun(String spec, History history, double seconds, String diverged) {

    static TaskRun train(TaskOptions.Prepared p, String optimizerSpec, ScheduleSpecs.Parsed schedule, int epochs,
            List<Callback> callbacks) throws IOException {
        Spec opt = OptimizerSpecs.parse(optimizerSpec);
        var model = p.newModel(p.options().seed);
        long start = System.nanoTime();
        try {
            History h;
            if (OptimizerSpecs.isFullBatch(opt)) {
                FullBatchSource fb = OptimizerSpecs.fullBatch(opt, model, p.loss(), p.train());
                h = Trainer.builder().callbacks(callbacks.toArray(new Callback[0])).topK(1).build()
                        .fit(model, fb, Validation.of(p.validation(), p.loss(), 1000, 1), epochs);
            } else {
                Trainer.Builder b = Trainer.builder().batchSize(p.options().batchSize).seed(p.options().seed)
                        .callbacks(callbacks.toArray(new Callback[0]));
                if (schedule != null) {
                    schedule.applyTo(b);
                }
                h = b.build().fit(model, p.loss(), OptimizerSpecs.optimizer(opt, model.namedParameters()), p.train(),
                        p.validation(), epochs);
            }
            return new TaskRun(optimizerSpec, h, (System.nanoTime() - start) / 1e9, null);
        } catch (TrainingDivergedException e) {
            return new TaskRun(optimizerSpec, e.history(), (System.nanoTime() - start) / 1e9, e.getMessage());
        }
    }

    /** The metric's value at the last finished epoch, NaN when there is none. */
    double last(String metric) {
        double[] s = history.series(metric);
        return s.length == 0 ? Double.NaN : s[s.length - 1];
    }

    /** The first epoch (1-based) whose {@code metric} is at least {@code target}, or 0 when none is. */
    int firstEpochReaching(String metric, double target) {
        for (var e : history.epochs()) {
            if (e.has(metric) && e.get(metric) >= target) {
                return e.epoch();
            }
        }
        return 0;
    }
}
