package io.descent.cli;

import io.descent.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * The settings of {@code descent train} that define a run, stored in its checkpoints so that {@code --resume}
 * refuses another data file (its size or modification time changed), model, activation, loss, optimizer (learning
 * rate included), schedule, seed, batch size, split, accumulation or early stopping, naming each change.
 * {@link #CHANGEABLE} lists what may change on resume.
 */
final class RunFingerprint {
    /** What {@code --resume} accepts changed, for its help and its error. */
    static final String CHANGEABLE = "--epochs (to train longer), the --checkpoint-* options, --save, --history, "
            + "--log-every, --cache and the --spark master";

    private RunFingerprint() {
    }

    static void addTo(Trainer.Builder b, TaskOptions task, String optimizer, String schedule, int accumulate,
            String earlyStopping, int patience, double minDelta, int shuffleBuffer, int partitions, int localSteps,
            String aggregation) {
        b.fingerprint("--data", data(task.data))
                .fingerprint("--model", task.model)
                .fingerprint("--loss", task.loss == null ? "default" : task.loss)
                .fingerprint("--label", task.label)
                .fingerprint("--no-header", Boolean.toString(task.noHeader))
                .fingerprint("--regression", Boolean.toString(task.regression))
                .fingerprint("--optimizer", OptimizerSpecs.parse(optimizer).text())
                .fingerprint("--schedule", schedule == null ? "none" : schedule)
                .fingerprint("--seed", Long.toString(task.seed))
                .fingerprint("--batch-size", Integer.toString(task.batchSize))
                .fingerprint("--validation-split", Double.toString(task.validationSplit))
                .fingerprint("--accumulate", Integer.toString(accumulate))
                .fingerprint("--early-stopping", earlyStopping == null ? "none"
                        : earlyStopping + " (patience " + patience + ", min delta " + minDelta + ")")
                .fingerprint("--shuffle-buffer", Integer.toString(shuffleBuffer))
                .fingerprint("--partitions", Integer.toString(partitions))
                .fingerprint("--local-steps", Integer.toString(localSteps))
                .fingerprint("--aggregation", aggregation);
    }

    /** The spec, with the size and modification time of a local data file (or of an IDX directory's files). */
    static String data(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0 || spec.contains("://") || !(spec.startsWith("csv:") || spec.startsWith("libsvm:")
                || spec.startsWith("idx:"))) {
            return spec;
        }
        Path p = Path.of(spec.substring(colon + 1));
        try {
            if (Files.isDirectory(p)) {
                long bytes = 0;
                long modified = 0;
                try (Stream<Path> files = Files.list(p)) {
                    for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                        if (Files.isRegularFile(f)) {
                            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                            bytes += a.size();
                            modified = Math.max(modified, a.lastModifiedTime().toMillis());
                        }
                    }
                }
                return describe(spec, bytes, modified);
            }
            if (Files.isRegularFile(p)) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                return describe(spec, a.size(), a.lastModifiedTime().toMillis());
            }
        } catch (IOException e) {
            return spec; // the loader reports the unreadable file
        }
        return spec;
    }

    private static String describe(String spec, long bytes, long modifiedMillis) {
        return spec + " (" + bytes + " bytes, modified " + java.time.Instant.ofEpochMilli(modifiedMillis) + ")";
    }
}
