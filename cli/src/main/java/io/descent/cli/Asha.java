package io.descent.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Asynchronous successive halving (ASHA, Li et al. 2020, Algorithm 2) over a fixed list of trials: whenever a
 * worker is free it gets a job by {@link #next}: from the top rung down, the best trial of rung k that is in the
 * top {@code floor(|rung k| / eta)} of rung k's finished results and not yet promoted goes on to rung k + 1 (it
 * trains only rung k + 1's extra epochs, from its checkpoint); when none is, the next trial starts at rung 0. No
 * rung waits for all its trials.
 *
 * <p>Why a clock of epochs ({@link #run}): which results a decision sees would otherwise depend on which thread or
 * Spark task finished first. Here each worker's job ends at its start plus its epochs on a virtual clock; a free
 * worker's decision waits for every job that ends by its time on that clock and takes their results in (end, trial
 * id) order, so the same seed gives the same promotions on 1 thread, N threads or a Spark cluster, while the jobs
 * themselves still run concurrently.
 */
final class Asha {
    private final int[] rungEpochs;
    private final int eta;
    private final int trials;
    private final java.util.Comparator<TrialScores.Scored> best;
    /** Each rung's finished results, in the order they were recorded. */
    private final List<Map<Integer, Double>> finished = new ArrayList<>();
    /** Each rung's trials already promoted out of it. */
    private final List<Set<Integer>> promoted = new ArrayList<>();
    private int nextTrial;

    Asha(List<Integer> rungEpochs, int eta, int trials, boolean higherIsBetter) {
        this.rungEpochs = rungEpochs.stream().mapToInt(Integer::intValue).toArray();
        this.eta = eta;
        this.trials = trials;
        this.best = TrialScores.best(higherIsBetter);
        for (int i = 0; i < this.rungEpochs.length; i++) {
            finished.add(new LinkedHashMap<>());
            promoted.add(new TreeSet<>());
        }
    }

    /** Records that trial {@code trial} finished rung {@code rung} with {@code score} (NaN: diverged). */
    void record(int trial, int rung, double score) {
        finished.get(rung).put(trial, score);
    }

    /** The next job by ASHA's rule (promote from the top rung down, else start a new trial), or null for none now. */
    RungJob next() {
        for (int k = rungEpochs.length - 2; k >= 0; k--) {
            Integer t = promotable(k);
            if (t != null) {
                promoted.get(k).add(t);
                return new RungJob(t, k + 1, rungEpochs[k], rungEpochs[k + 1]);
            }
        }
        if (nextTrial < trials) {
            return new RungJob(nextTrial++, 0, 0, rungEpochs[0]);
        }
        return null;
    }

    /** The best of rung k's top {@code floor(n / eta)} finished results not yet promoted (never a diverged one). */
    private Integer promotable(int k) {
        List<TrialScores.Scored> ranked = new ArrayList<>();
        finished.get(k).forEach((t, s) -> ranked.add(new TrialScores.Scored(t, s)));
        ranked.sort(best);
        int top = ranked.size() / eta;
        for (int i = 0; i < top; i++) {
            TrialScores.Scored s = ranked.get(i);
            if (!Double.isNaN(s.score()) && !promoted.get(k).contains(s.trial())) {
                return s.trial();
            }
        }
        return null;
    }

    /**
     * Runs ASHA to the end on {@code workers} workers: {@code submit} starts a job (on a thread, a Spark task, or
     * at once in a test) and completes with its score.
     */
    void run(int workers, Function<RungJob, CompletableFuture<Double>> submit) {
        long[] free = new long[workers];
        List<Running> running = new ArrayList<>();
        while (true) {
            int w = 0;
            for (int i = 1; i < workers; i++) {
                if (free[i] < free[w]) {
                    w = i;
                }
            }
            long now = free[w];
            List<Running> due = new ArrayList<>();
            for (Running r : running) {
                if (r.end() <= now) {
                    due.add(r);
                }
            }
            running.removeAll(due);
            due.sort(java.util.Comparator.comparingLong(Running::end).thenComparingInt(r -> r.job().trial()));
            for (Running r : due) {
                record(r.job().trial(), r.job().rung(), r.result().join());
            }
            RungJob job = next();
            if (job == null) {
                if (running.isEmpty()) {
                    return;
                }
                free[w] = running.stream().mapToLong(Running::end).min().getAsLong(); // idle until the next result
                continue;
            }
            running.add(new Running(job, now + job.cost(), submit.apply(job)));
            free[w] = now + job.cost();
        }
    }

    private record Running(RungJob job, long end, CompletableFuture<Double> result) {
    }
}
