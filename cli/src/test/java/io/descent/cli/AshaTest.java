package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AshaTest {
    @Test
    void aTrialIsPromotedOnceItIsInTheTopThirdOfItsRungsFinishedResults() {
        Asha a = new Asha(List.of(1, 3, 9), 3, 9, true);
        assertThat(a.next()).isEqualTo(new RungJob(0, 0, 0, 1));
        assertThat(a.next()).isEqualTo(new RungJob(1, 0, 0, 1));
        a.record(0, 0, 0.5);
        a.record(1, 0, 0.9);
        // two results: floor(2 / 3) = 0 can go on, so a new trial starts
        assertThat(a.next()).isEqualTo(new RungJob(2, 0, 0, 1));
        a.record(2, 0, 0.7);
        // three results: the best (trial 1) goes on from epoch 1 to 3, without waiting for the other six
        assertThat(a.next()).isEqualTo(new RungJob(1, 1, 1, 3));
        assertThat(a.next()).isEqualTo(new RungJob(3, 0, 0, 1));
        a.record(3, 0, 0.95);
        a.record(4, 0, 0.1);
        a.record(5, 0, 0.2);
        // six results: the top two are trials 3 and 1; 1 is promoted already, so 3 goes
        assertThat(a.next()).isEqualTo(new RungJob(3, 1, 1, 3));
        a.record(1, 1, 0.6);
        a.record(3, 1, 0.8);
        a.record(2, 1, 0.7);
        // the top rung is looked at first: rung 1's best of three (trial 3) goes on to 9 epochs
        assertThat(a.next()).isEqualTo(new RungJob(3, 2, 3, 9));
    }

    @Test
    void aPromotionMadeEarlyStandsAndDivergedTrialsNeverGoOn() {
        Asha a = new Asha(List.of(1, 3), 2, 4, false); // lower is better
        a.next();
        a.next();
        a.record(0, 0, Double.NaN);
        a.record(1, 0, 2.0);
        assertThat(a.next()).isEqualTo(new RungJob(1, 1, 1, 3)); // NaN ranks last
        a.next();
        a.next();
        a.record(2, 0, 1.0);
        a.record(3, 0, 0.5);
        // the top two of four are 3 and 2: trial 1 (now third) stays promoted, 3 goes on next
        assertThat(a.next()).isEqualTo(new RungJob(3, 1, 1, 3));
        assertThat(a.next()).isEqualTo(new RungJob(2, 1, 1, 3));
        assertThat(a.next()).isNull();
    }

    @Test
    void withAllTrialsItPromotesAsManyAsSuccessiveHalvingKeeps() {
        Asha a = new Asha(List.of(1, 3, 9), 3, 9, true);
        List<RungJob> jobs = new ArrayList<>();
        a.run(1, job -> {
            jobs.add(job);
            return CompletableFuture.completedFuture(score(job));
        });
        long[] perRung = new long[3];
        jobs.forEach(j -> perRung[j.rung()]++);
        assertThat(perRung).containsExactly(9, 3, 1);
    }

    @Test
    void decisionsDoNotDependOnWhichJobFinishesFirst() throws Exception {
        List<RungJob> immediate = new ArrayList<>();
        new Asha(List.of(1, 3, 9, 27), 3, 40, true).run(3, job -> {
            immediate.add(job);
            return CompletableFuture.completedFuture(score(job));
        });
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Random delays = new Random(1);
            List<RungJob> delayed = new ArrayList<>();
            new Asha(List.of(1, 3, 9, 27), 3, 40, true).run(3, job -> {
                delayed.add(job);
                int ms = delays.nextInt(5);
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        TimeUnit.MILLISECONDS.sleep(ms);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return score(job);
                }, pool);
            });
            assertThat(delayed).isEqualTo(immediate);
            assertThat(immediate.stream().filter(j -> j.rung() == 3).count()).isGreaterThanOrEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A made-up learning curve: each trial has its own quality, and more epochs help. */
    private static double score(RungJob job) {
        double quality = ((job.trial() * 7919L) % 101) / 101.0;
        return quality * (1 - 1.0 / (1 + job.toEpochs()));
    }

    @Test
    void hyperbandsBracketsAreThePapersTableOne() {
        List<SuccessiveHalving> b = Hyperband.brackets(81, 3);
        assertThat(b).hasSize(5);
        assertThat(b.get(0)).isEqualTo(new SuccessiveHalving(List.of(1, 3, 9, 27, 81), List.of(81, 27, 9, 3, 1)));
        assertThat(b.get(1)).isEqualTo(new SuccessiveHalving(List.of(3, 9, 27, 81), List.of(34, 11, 3, 1)));
        assertThat(b.get(2)).isEqualTo(new SuccessiveHalving(List.of(9, 27, 81), List.of(15, 5, 1)));
        assertThat(b.get(3)).isEqualTo(new SuccessiveHalving(List.of(27, 81), List.of(8, 2)));
        assertThat(b.get(4)).isEqualTo(new SuccessiveHalving(List.of(81), List.of(5)));
        assertThat(Hyperband.trials(b)).isEqualTo(143);
        assertThat(Hyperband.brackets(9, 3)).containsExactly(
                new SuccessiveHalving(List.of(1, 3, 9), List.of(9, 3, 1)),
                new SuccessiveHalving(List.of(3, 9), List.of(5, 1)),
                new SuccessiveHalving(List.of(9), List.of(3)));
    }

    @Test
    void syncHalvingContinuesTheBestFromWhereTheyStopped() {
        List<RungJob> jobs = new ArrayList<>();
        SyncHalving.run(SuccessiveHalving.plan(9, 3, 9), List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), true, job -> {
            jobs.add(job);
            return CompletableFuture.completedFuture(job.trial() == 4 ? Double.NaN : job.trial() / 10.0);
        });
        assertThat(jobs.subList(9, jobs.size())).containsExactly(new RungJob(8, 1, 1, 3), new RungJob(7, 1, 1, 3),
                new RungJob(6, 1, 1, 3), new RungJob(8, 2, 3, 9));
        assertThat(Map.of("total", jobs.stream().mapToInt(RungJob::cost).sum())).containsEntry("total", 9 + 6 + 6);
    }
}
