package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.data.Dataset;
import io.descent.nn.Module;
import io.descent.optim.Optimizer;
import io.descent.schedule.Schedule;
import io.descent.schedule.SwaSchedule;
import io.descent.train.BatchNormStatistics;
import io.descent.train.Trainer;
import io.descent.train.WeightAveraging;
import java.util.List;

/**
 * {@code descent train --swa start=E,lr=LR[,anneal_epochs=10,anneal=cos,every=1]} and
 * {@code --ema decay=0.999[,start=0,every=1]}: stochastic weight averaging (the equal-weight average of the
 * weights after each epoch past E, the learning rate annealed to LR as PyTorch's SWALR) or an exponential moving
 * average of the weights after each optimizer step past {@code start}. The model saved and evaluated at the end
 * is the average, its batch normalization statistics recomputed on the training data (as
 * {@code torch.optim.swa_utils.update_bn}).
 */
final class WeightAveragingSpecs {
    private final String option;
    private final Spec spec;

    private WeightAveragingSpecs(String option, Spec spec) {
        this.option = option;
        this.spec = spec;
    }

    /** The parsed --swa or --ema text (at most one of the two given), or null for neither. */
    static WeightAveragingSpecs parse(String swa, String ema) {
        if (swa != null && ema != null) {
            throw new InvalidInputException("--swa", "", "give --swa or --ema, not both: each replaces the model by "
                    + "its average");
        }
        if (swa == null && ema == null) {
            return null;
        }
        String option = swa != null ? "--swa" : "--ema";
        String text = swa != null ? swa : ema;
        Spec s = Spec.parse(option, (swa != null ? "swa" : "ema") + "(" + text + ")");
        WeightAveragingSpecs parsed = new WeightAveragingSpecs(option, s);
        parsed.checkValues();
        return parsed;
    }

    boolean isSwa() {
        return option.equals("--swa");
    }

    String option() {
        return option;
    }

    /** The text as given, for the run's fingerprint. */
    String text() {
        return spec.text();
    }

    private void checkValues() {
        spec.checkNoPositional();
        require(every() >= 1, "every = " + every() + ": expected >= 1");
        if (isSwa()) {
            if (!spec.has("start") || !spec.has("lr")) {
                throw fail("expected start=EPOCHS and lr=SWA_LR, e.g. --swa start=10,lr=0.05");
            }
            require(start() >= 0, "start = " + start() + ": expected epochs >= 0");
            require(swaLr() >= 0 && Double.isFinite(swaLr()), "lr = " + swaLr() + ": expected a learning rate >= 0");
            require(annealEpochs() >= 0, "anneal_epochs = " + annealEpochs() + ": expected >= 0");
            String anneal = spec.stringArg("anneal", "cos");
            require(anneal.equals("cos") || anneal.equals("linear"), "anneal = " + anneal + ": expected cos or linear");
            spec.checkAllUsed(new java.util.LinkedHashSet<>(List.of("start", "lr", "anneal_epochs", "anneal", "every")));
        } else {
            if (!spec.has("decay")) {
                throw fail("expected decay=D, e.g. --ema decay=0.999");
            }
            double d = spec.doubleArg("decay", 0);
            require(d >= 0 && d < 1, "decay = " + d + ": expected a number in [0, 1)");
            require(start() >= 0, "start = " + start() + ": expected steps >= 0");
            spec.checkAllUsed(new java.util.LinkedHashSet<>(List.of("decay", "start", "every")));
        }
    }

    private int start() {
        return spec.intArg("start", 0);
    }

    private int every() {
        return spec.intArg("every", 1);
    }

    private double swaLr() {
        return spec.doubleArg("lr", 0);
    }

    private int annealEpochs() {
        return spec.intArg("anneal_epochs", 10);
    }

    /** Refuses the settings it cannot combine with, by name. */
    void checkCombination(int epochs, String earlyStopping, Spec optimizer, ScheduleSpecs.Parsed schedule) {
        require(earlyStopping == null, "cannot be combined with --early-stopping: the model saved is the average, "
                + "not the best epoch's weights");
        require(!optimizer.name().endsWith("_schedulefree"), optimizer.name() + " already evaluates at an average "
                + "of its iterates (x): use it without " + option);
        if (isSwa()) {
            require(start() < epochs, "start = " + start() + " with --epochs " + epochs + ": no epoch would be "
                    + "averaged (expected start < epochs)");
            require(schedule == null || schedule.plateau() == null && schedule.unit() == Trainer.ScheduleUnit.EPOCH,
                    "anneals per epoch after the schedule: give a --schedule with unit=epoch (not per step, not "
                    + "plateau), or none");
        }
    }

    /** With --swa: the epoch schedule, SWALR from the start epoch on (its rate relative to group 0's base rate). */
    void applyScheduleTo(Trainer.Builder b, ScheduleSpecs.Parsed schedule, Optimizer optimizer) {
        if (!isSwa()) {
            return;
        }
        Schedule before = schedule == null ? t -> 1.0 : schedule.schedule();
        double base = optimizer.groups().get(0).baseLr();
        require(base > 0, "needs an optimizer learning rate > 0 to anneal from");
        b.schedule(new SwaSchedule(before, start(), swaLr() / base, annealEpochs(),
                spec.stringArg("anneal", "cos").equals("cos")), Trainer.ScheduleUnit.EPOCH);
    }

    /**
     * The callback; {@code train} recomputes batch normalization statistics at the end (null: data streamed from
     * disk, refused for a model with batch normalization).
     */
    WeightAveraging callback(Module model, Dataset train, int batchSize) {
        if (train == null) {
            require(BatchNormStatistics.layers(model).isEmpty(), "the model has batch normalization, whose "
                    + "statistics must be recomputed for the averaged weights over training data held in memory; "
                    + "this file is streamed from disk");
        }
        return isSwa() ? WeightAveraging.swa(model, start(), every(), train, batchSize)
                : WeightAveraging.ema(model, spec.doubleArg("decay", 0), start(), every(), train, batchSize);
    }

    /** What the saved model is, for the command's output. */
    String describe(WeightAveraging w) {
        String what = isSwa() ? "the equal-weight average of " + w.average().count() + " epoch ends (SWA)"
                : "the exponential moving average over " + w.average().count() + " steps (EMA, decay "
                        + spec.doubleArg("decay", 0) + ")";
        return "weights: " + what + (w.statisticsBatches() > 0 ? ", batch-norm statistics recomputed over "
                + w.statisticsBatches() + " batches" : "");
    }

    private void require(boolean ok, String problem) {
        if (!ok) {
            throw fail(problem);
        }
    }

    private InvalidInputException fail(String problem) {
        return new InvalidInputException(option, "'" + spec.text().replaceFirst("^(swa|ema)\\(", "").replaceFirst("\\)$", "")
                + "'", problem);
    }
}
