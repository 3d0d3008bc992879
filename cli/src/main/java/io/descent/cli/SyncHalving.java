package io.descent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Synchronous successive halving on one bracket ({@link SuccessiveHalving}): rung r's trials all run (concurrently,
 * as {@code submit} places them), then the best {@code keep(r)} by {@link TrialScores} continue from their
 * checkpoints to rung r + 1. A diverged trial does not continue. {@code fifo} is the one-rung case.
 */
final class SyncHalving {
    private SyncHalving() {
    }

    /** @param trials the bracket's trial ids, in order */
    static void run(SuccessiveHalving plan, List<Integer> trials, boolean higherIsBetter,
            Function<RungJob, CompletableFuture<Double>> submit) {
        List<Integer> alive = trials;
        for (int r = 0; r < plan.rungs() && !alive.isEmpty(); r++) {
            int from = r == 0 ? 0 : plan.epochs().get(r - 1);
            List<CompletableFuture<Double>> results = new ArrayList<>();
            for (int t : alive) {
                results.add(submit.apply(new RungJob(t, r, from, plan.epochs().get(r))));
            }
            List<TrialScores.Scored> scored = new ArrayList<>();
            for (int i = 0; i < alive.size(); i++) {
                scored.add(new TrialScores.Scored(alive.get(i), results.get(i).join()));
            }
            if (r + 1 < plan.rungs()) {
                scored.sort(TrialScores.best(higherIsBetter));
                alive = scored.stream().limit(plan.keep(r)).filter(s -> !Double.isNaN(s.score()))
                        .map(TrialScores.Scored::trial).toList();
            }
        }
    }
}
