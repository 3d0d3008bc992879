package io.descent.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes checkpoints during training: {@code last.safetensors} every {@code everyEpochs} epochs (and, with
 * {@code keepAll}, also {@code epoch-0004.safetensors}), and/or {@code best.safetensors} whenever the
 * monitored metric improves; with {@link #alsoEverySteps} or {@link #alsoEveryMinutes}, {@code last.safetensors} also
 * in the middle of epochs, so that a killed run loses at most the steps since then. Each file is complete and written
 * atomically; resume from any of them with {@code Trainer.Builder.resumeFrom}.
 *
 * <pre>{@code
 * Checkpointer.every(dir, 1).alsoEverySteps(500).alsoEveryMinutes(10)
 * }</pre>
 */
public final class Checkpointer implements Callback {
    public static final String LAST = "last.safetensors";
    public static final String BEST = "best.safetensors";

    private final Path dir;
    private final int everyEpochs;
    private final boolean keepAll;
    private final String bestMonitor;
    private final boolean minimize;
    private double best;
    private long everySteps;
    private long everyNanos;
    private long lastSavedStep;
    private long lastSavedAt;

    /**
     * @param everyEpochs 0 for none, else write {@code last.safetensors} every that many epochs
     * @param bestMonitor null for none, else write {@code best.safetensors} when this metric improves
     */
    public Checkpointer(Path dir, int everyEpochs, boolean keepAll, String bestMonitor) {
        if (everyEpochs < 0) {
            throw new IllegalArgumentException("checkpoint: every = " + everyEpochs + " must be >= 0");
        }
        if (everyEpochs == 0 && bestMonitor == null) {
            throw new IllegalArgumentException("checkpoint: give every N epochs, a metric for best-only, or both");
        }
        this.dir = dir;
        this.everyEpochs = everyEpochs;
        this.keepAll = keepAll;
        this.bestMonitor = bestMonitor;
        this.minimize = bestMonitor == null || bestMonitor.contains("loss");
        this.best = minimize ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    public static Checkpointer every(Path dir, int epochs) {
        return new Checkpointer(dir, epochs, false, null);
    }

    public static Checkpointer bestOnly(Path dir, String monitor) {
        return new Checkpointer(dir, 0, false, monitor);
    }

    /** Also writes {@code last.safetensors} once {@code steps} optimizer steps have passed since the last one. */
    public Checkpointer alsoEverySteps(long steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("checkpoint: every " + steps + " steps must be >= 1");
        }
        everySteps = steps;
        return this;
    }

    /** Also writes {@code last.safetensors} once {@code minutes} of wall-clock time have passed since the last one. */
    public Checkpointer alsoEveryMinutes(double minutes) {
        if (!(minutes > 0) || Double.isInfinite(minutes)) {
            throw new IllegalArgumentException("checkpoint: every " + minutes + " minutes must be a positive number");
        }
        everyNanos = Math.max(1, (long) (minutes * 60e9));
        return this;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void onTrainBegin(TrainingContext ctx) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint directory " + dir + ": " + e.getMessage(), e);
        }
        lastSavedStep = ctx.step();
        lastSavedAt = System.nanoTime();
    }

    @Override
    public Decision onBatchEnd(TrainingContext ctx, int batch, double loss) {
        if (!ctx.betweenSteps() || ctx.step() == lastSavedStep) {
            return Decision.CONTINUE;
        }
        boolean stepsDue = everySteps > 0 && ctx.step() - lastSavedStep >= everySteps;
        boolean timeDue = everyNanos > 0 && System.nanoTime() - lastSavedAt >= everyNanos;
        if (stepsDue || timeDue) {
            save(ctx, dir.resolve(LAST));
        }
        return Decision.CONTINUE;
    }

    private void save(TrainingContext ctx, Path path) {
        try {
            ctx.saveCheckpoint(path);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a checkpoint in " + dir + ": " + e.getMessage(), e);
        }
        lastSavedStep = ctx.step();
        lastSavedAt = System.nanoTime();
    }

    @Override
    public Decision onEpochEnd(TrainingContext ctx, EpochRecord record) {
        try {
            if (everyEpochs > 0 && record.epoch() % everyEpochs == 0) {
                ctx.saveCheckpoint(dir.resolve(LAST));
                lastSavedStep = ctx.step();
                lastSavedAt = System.nanoTime();
                if (keepAll) {
                    ctx.saveCheckpoint(dir.resolve(String.format("epoch-%04d.safetensors", record.epoch())));
                }
            }
            if (bestMonitor != null) {
                double v = record.get(bestMonitor);
                if (minimize ? v < best : v > best) {
                    best = v;
                    ctx.saveCheckpoint(dir.resolve(BEST));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing a checkpoint in " + dir + ": " + e.getMessage(), e);
        }
        return Decision.CONTINUE;
    }

    @Override
    public void saveState(java.util.Map<String, io.descent.tensor.Tensor> tensors, java.util.Map<String, String> metadata) {
        metadata.put("best", Double.toString(best));
    }

    @Override
    public void restoreState(java.util.Map<String, io.descent.tensor.Tensor> tensors, java.util.Map<String, String> metadata,
            String source) {
        String b = metadata.get("best");
        if (b != null) {
            try {
                best = Double.parseDouble(b);
            } catch (NumberFormatException e) {
                throw new io.descent.InvalidInputException(source, "checkpointer state 'best'", "'" + b
                        + "' is not a number", e);
            }
        }
    }
}
