package io.descent.cli;

import io.descent.train.Callback;
import io.descent.train.Decision;
import io.descent.train.EpochRecord;
import io.descent.train.History;
import io.descent.train.Trainer;
import io.descent.train.TrainingContext;
import io.descent.train.TrainingDivergedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * One segment of a trial: train {@link TrialConfig} from fresh weights (the task's seed) or from the checkpoint an
 * earlier segment left, up to {@code toEpochs} epochs in all, and write the checkpoint the next segment continues
 * from. A checkpoint holds the weights, the optimizer's state, the loop's position and the history
 * ({@code RunCheckpoint}), so a trial trained 1 epoch, then continued to 3, ends with the bytes of one trained
 * straight to 3.
 */
final class TrialTraining {
    private TrialTraining() {
    }

    /**
     * @param from   the checkpoint to continue from, or null to start fresh
     * @param saveTo where to write the checkpoint at {@code toEpochs}, or null for none
     */
    static TaskRun segment(TaskOptions.Prepared p, TrialConfig c, Path from, int toEpochs, Path saveTo)
            throws IOException {
        Spec opt = OptimizerSpecs.parse(c.optimizer());
        var model = ModelSpecs.build(c.model(), TaskOptions.inputShape(p.train()), p.outputs(), p.options().seed);
        long start = System.nanoTime();
        Callback[] callbacks = saveTo == null ? new Callback[0] : new Callback[] {new SaveAt(saveTo, toEpochs)};
        try {
            Trainer.Builder b;
            History h;
            if (OptimizerSpecs.isFullBatch(opt)) {
                b = Trainer.builder().callbacks(callbacks).topK(1).resumeFrom(from);
                var fb = OptimizerSpecs.fullBatch(opt, model, p.loss(), p.train());
                h = b.build().fit(model, fb, io.descent.train.Validation.of(p.validation(), p.loss(), 1000, 1), toEpochs);
            } else {
                b = Trainer.builder().batchSize(c.batchSize()).seed(p.options().seed).callbacks(callbacks).resumeFrom(from);
                h = b.build().fit(model, p.loss(), OptimizerSpecs.optimizer(opt, model.namedParameters()), p.train(),
                        p.validation(), toEpochs);
            }
            return new TaskRun(c.label(), h, (System.nanoTime() - start) / 1e9, null);
        } catch (TrainingDivergedException e) {
            return new TaskRun(c.label(), e.history(), (System.nanoTime() - start) / 1e9, e.getMessage());
        }
    }

    /** Writes the run's checkpoint when epoch {@code epoch} ends: the point the next rung continues from. */
    private record SaveAt(Path path, int epoch) implements Callback {
        @Override
        public Decision onEpochEnd(TrainingContext ctx, EpochRecord record) {
            if (record.epoch() == epoch) {
                try {
                    ctx.saveCheckpoint(path);
                } catch (IOException e) {
                    throw new UncheckedIOException("writing a tune checkpoint " + path + ": " + e.getMessage(), e);
                }
            }
            return Decision.CONTINUE;
        }
    }
}
