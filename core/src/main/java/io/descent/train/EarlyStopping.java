package io.descent.train;

import io.descent.autograd.GradMode;
import io.descent.InvalidInputException;
import io.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops training when a monitored metric (validation loss or accuracy) has not improved by more than
 * {@code minDelta} for {@code patience} epochs, and, with {@code restoreBest}, puts back the weights of the
 * best epoch when training ends (stopped early or not).
 *
 * <pre>{@code
 * new EarlyStopping("val_loss", 5, 1e-4, true)   // minimize; "val_accuracy" would be maximized
 * }</pre>
 */
public final class EarlyStopping implements Callback {
    private final String monitor;
    private final boolean minimize;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBest;

    private double best;
    private int bestEpoch;
    private int wait;
    private int stoppedEpoch;
    private Map<String, Tensor> bestWeights;
    /** The checkpoint the state came from, until its weights are checked against the model. */
    private String restoredFrom;

    /** Minimizes a metric whose name contains "loss", maximizes any other (accuracy). */
    public EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBest) {
        this(monitor, monitor.contains("loss"), patience, minDelta, restoreBest);
    }

    public EarlyStopping(String monitor, boolean minimize, int patience, double minDelta, boolean restoreBest) {
        if (patience < 1) {
            throw new IllegalArgumentException("early stopping: patience = " + patience + " must be >= 1");
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("early stopping: min_delta = " + minDelta + " must be >= 0");
        }
        this.monitor = monitor;
        this.minimize = minimize;
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBest = restoreBest;
        this.best = minimize ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** Weights restored from a checkpoint must be the model's: the same names, shapes and dtypes. */
    @Override
    public void onTrainBegin(TrainingContext ctx) {
        if (restoredFrom != null && bestWeights != null) {
            Map<String, Tensor> state = ctx.model().stateDict();
            boolean same = state.size() == bestWeights.size() && state.entrySet().stream().allMatch(e -> {
                Tensor kept = bestWeights.get(e.getKey());
                return kept != null && kept.dtype() == e.getValue().dtype() && kept.shape().equals(e.getValue().shape());
            });
            if (!same) {
                throw new InvalidInputException(restoredFrom, "early stopping state", "the best weights kept do not "
                        + "match the model's parameters and buffers " + state.keySet());
            }
        }
        restoredFrom = null;
    }

    @Override
    public Decision onEpochEnd(TrainingContext ctx, EpochRecord record) {
        double v = record.get(monitor);
        boolean improved = minimize ? v < best - minDelta : v > best + minDelta;
        if (improved) {
            best = v;
            bestEpoch = record.epoch();
            wait = 0;
            if (restoreBest) {   // the weights to evaluate (schedule-free's x), which the run ends with
                ctx.optimizer().evalMode();
                try {
                    keepWeights(ctx.model().stateDict());
                } finally {
                    ctx.optimizer().trainMode();
                }
            }
            return Decision.CONTINUE;
        }
        wait++;
        if (wait >= patience) {
            stoppedEpoch = record.epoch();
            return Decision.STOP;
        }
        return Decision.CONTINUE;
    }

    @Override
    public void onTrainEnd(TrainingContext ctx) {
        if (restoreBest && bestWeights != null) {
            try (var scope = GradMode.disabled()) {
                ctx.model().stateDict().forEach((n, t) -> t.copyFrom(bestWeights.get(n)));
            }
        }
    }

    /** Copies into buffers kept from the last improvement: no allocation after the first. */
    private void keepWeights(Map<String, Tensor> current) {
        if (bestWeights == null) {
            bestWeights = new LinkedHashMap<>();
            current.forEach((n, t) -> bestWeights.put(n, t.copy()));
        } else {
            current.forEach((n, t) -> bestWeights.get(n).copyFrom(t));
        }
    }

    /** The epoch whose weights are (or will be) restored; 0 before any epoch. */
    public int bestEpoch() {
        return bestEpoch;
    }

    public double best() {
        return best;
    }

    /** The epoch at which training was stopped, 0 if it was not. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    @Override
    public void saveState(Map<String, Tensor> tensors, Map<String, String> metadata) {
        metadata.put("best", Double.toString(best));
        metadata.put("best_epoch", Integer.toString(bestEpoch));
        metadata.put("wait", Integer.toString(wait));
        if (bestWeights != null) {
            bestWeights.forEach((n, t) -> tensors.put("best." + n, t));
        }
    }

    @Override
    public void restoreState(Map<String, Tensor> tensors, Map<String, String> metadata, String source) {
        try {
            best = Double.parseDouble(metadata.get("best"));
            bestEpoch = Integer.parseInt(metadata.get("best_epoch"));
            wait = Integer.parseInt(metadata.get("wait"));
        } catch (NullPointerException | NumberFormatException e) {
            throw new InvalidInputException(source, "early stopping state", "missing or not a number", e);
        }
        Map<String, Tensor> kept = new LinkedHashMap<>();
        tensors.forEach((n, t) -> {
            if (n.startsWith("best.")) {
                kept.put(n.substring("best.".length()), t);
            }
        });
        bestWeights = kept.isEmpty() ? null : kept;
        restoredFrom = source;
    }
}
