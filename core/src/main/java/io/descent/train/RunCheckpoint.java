package io.descent.train;

import io.descent.InvalidInputException;
import io.descent.io.CheckpointFile;
import io.descent.nn.Dropout;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loop's part of a checkpoint ({@link CheckpointFile}, one format for every step source): epochs done, step,
 * the source's position and description, the running sums of an epoch interrupted in its middle, Dropout's random
 * state, the plateau schedule, the history and each callback's state.
 */
final class RunCheckpoint {
    private static final String SOURCE = "source.";
    private static final String PARTIAL = "epoch_progress.";
    /** The run's fingerprint: the settings that define it ({@link Trainer.Builder#fingerprint}). */
    private static final String RUN = "run.";

    private RunCheckpoint() {
    }

    static void write(TrainingRun run, Path path) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>(run.config.checkpointMetadata());
        meta.put("epoch", Integer.toString(run.inEpoch ? run.epoch - 1 : run.epoch));
        meta.put("step", Long.toString(run.step));
        meta.put("seed", Long.toString(run.config.seed()));
        run.config.fingerprint().forEach((k, v) -> meta.put(RUN + k, v));
        run.source.describe().forEach((k, v) -> meta.put(SOURCE + k, v));
        run.source.saveState(meta);
        if (run.inEpoch) {
            TrainingRun.EpochSums s = run.sums;
            meta.put(PARTIAL + "loss_sum", RunState.hex(s.lossSum));
            meta.put(PARTIAL + "seen", Long.toString(s.seen));
            meta.put(PARTIAL + "correct", Long.toString(s.correct));
            meta.put(PARTIAL + "batches", Integer.toString(s.batches));
            meta.put(PARTIAL + "seconds", RunState.hex(s.seconds(System.nanoTime())));
        }
        RunState.dropouts(run.model).forEach((p, d) -> RunState.putRng(meta, "dropout." + p, d.rng().state()));
        if (run.config.plateau() != null) {
            RunState.putPlateau(meta, run.config.plateau().state());
        }
        meta.put("history", run.history.toJson());
        List<Callback> callbacks = run.callbacks;
        for (int i = 0; i < callbacks.size(); i++) {
            Map<String, Tensor> ct = new LinkedHashMap<>();
            Map<String, String> cm = new LinkedHashMap<>();
            callbacks.get(i).saveState(ct, cm);
            String prefix = "callback." + i + ".";
            ct.forEach((n, t) -> tensors.put(prefix + n, t));
            cm.forEach((k, v) -> meta.put(prefix + k, v));
        }
        CheckpointFile.write(path, run.model, run.optimizer.state(), tensors, meta);
    }

    /**
     * Restores everything from the checkpoint; a value that passed the file's checks but not a component's own (a
     * loader position past the epoch's end, a negative epoch) is the file's fault too.
     */
    static void resume(TrainingRun run, Path path) throws IOException {
        CheckpointFile.Contents c = CheckpointFile.read(path);
        try {
            restore(run, c);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(c.file(), "checkpoint", "cannot be resumed: " + e.getMessage(), e);
        }
    }

    private static void restore(TrainingRun run, CheckpointFile.Contents c) {
        String file = c.file();
        Map<String, String> meta = c.extraMetadata();
        checkSame(file, meta, RUN, run.config.fingerprint(), "the checkpoint was written by a run with other settings");
        checkSame(file, meta, SOURCE, run.source.describe(), "the checkpoint was written by another way of training");
        c.restoreModel(run.model);
        run.optimizer.load(c.optimizer());
        run.source.restoreState(file, meta);
        for (Map.Entry<String, Dropout> d : RunState.dropouts(run.model).entrySet()) {
            d.getValue().rng().restore(RunState.rng(file, meta, "dropout." + d.getKey()));
        }
        if (run.config.plateau() != null) {
            run.config.plateau().restore(RunState.plateau(file, meta));
        }
        run.history = History.fromJson(file, RunState.required(file, meta, "history"));
        long savedEpoch = RunState.longValue(file, meta, "epoch");
        long step = RunState.longValue(file, meta, "step");
        if (savedEpoch < 0 || savedEpoch > Integer.MAX_VALUE || step < 0) {
            throw new InvalidInputException(file, "entries 'epoch' and 'step'", "epoch " + savedEpoch + " and step "
                    + step + " must be >= 0");
        }
        run.epoch = (int) savedEpoch;
        run.step = step;
        if (meta.containsKey(PARTIAL + "batches")) {
            TrainingRun.EpochSums s = run.sums;
            s.lossSum = RunState.unhex(file, meta, PARTIAL + "loss_sum");
            s.seen = RunState.longValue(file, meta, PARTIAL + "seen");
            s.correct = RunState.longValue(file, meta, PARTIAL + "correct");
            long batches = RunState.longValue(file, meta, PARTIAL + "batches");
            if (s.seen < 0 || batches < 0 || batches > run.source.batchesPerEpoch()) {
                throw new InvalidInputException(file, "entries '" + PARTIAL + "*'", batches + " batches and " + s.seen
                        + " samples done in the epoch, expected at most " + run.source.batchesPerEpoch() + " batches");
            }
            s.batches = (int) batches;
            s.secondsBefore = RunState.unhex(file, meta, PARTIAL + "seconds");
        }
        for (int i = 0; i < run.callbacks.size(); i++) {
            String prefix = "callback." + i + ".";
            Map<String, Tensor> ct = new LinkedHashMap<>();
            Map<String, String> cm = new LinkedHashMap<>();
            c.extraTensors().forEach((n, t) -> {
                if (n.startsWith(prefix)) {
                    ct.put(n.substring(prefix.length()), t);
                }
            });
            meta.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    cm.put(k.substring(prefix.length()), v);
                }
            });
            run.callbacks.get(i).restoreState(ct, cm, file);
        }
        if (run.config.plateau() != null || run.config.schedule() != null) {
            run.optimizer.setLearningRateFactor(run.lrFactor(
                    run.config.scheduleUnit() == Trainer.ScheduleUnit.EPOCH ? run.epoch : run.step));
        }
    }

    /**
     * A checkpoint continues only the run that wrote it: the same settings ({@value #RUN}*) and the same way of
     * stepping ({@value #SOURCE}*: source, partitions, local steps). Each difference is listed.
     */
    private static void checkSame(String file, Map<String, String> meta, String prefix, Map<String, String> now,
            String problem) {
        Map<String, String> saved = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                saved.put(k.substring(prefix.length()), v);
            }
        });
        if (saved.isEmpty()) {
            return; // written before checkpoints recorded them
        }
        StringBuilder diff = new StringBuilder();
        for (Map.Entry<String, String> e : now.entrySet()) {
            String was = saved.get(e.getKey());
            if (!e.getValue().equals(was)) {
                diff.append(diff.length() == 0 ? "" : "; ").append(e.getKey()).append(" was ")
                        .append(was == null ? "not set" : was).append(", now ").append(e.getValue());
            }
        }
        saved.keySet().stream().filter(k -> !now.containsKey(k)).forEach(k -> diff.append(diff.length() == 0 ? "" : "; ")
                .append(k).append(" was ").append(saved.get(k)).append(", now not set"));
        if (diff.length() > 0) {
            throw new InvalidInputException(file, "entries '" + prefix + "*'", problem + ": " + diff);
        }
    }
}
