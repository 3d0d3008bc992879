package io.descent.cli.lecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claims' grids run on the trial pool: two at a time they give the numbers of one at a time, a cached grid point
 * is not trained again, and Wilson et al.'s runs decay and are compared by validation error.
 */
class ClaimRunsParallelTest {
    private static final ClaimsBudget QUICK = ClaimsBudget.of(Budget.quick());

    private static ClaimRuns run(Path out, int parallel, RunCache cache, StringWriter log) throws Exception {
        Figures f = new Figures(out, Budget.quick(), Optional.empty(), new PrintWriter(log), parallel);
        return ClaimRuns.run(f, QUICK, cache, parallel);
    }

    private static List<ClaimRuns.Key> keys() {
        List<ClaimRuns.Key> keys = new java.util.ArrayList<>();
        for (ClaimRuns.Task t : ClaimRuns.tasks(QUICK)) {
            for (ClaimRuns.Method m : t.methods()) {
                for (double factor : ClaimRuns.grid(QUICK, m)) {
                    keys.add(new ClaimRuns.Key(t.name(), m.name(), factor, 1));
                }
            }
        }
        return keys;
    }

    @Test
    void twoAtATimeGiveTheNumbersOfOneAtATimeAndACachedGridPointIsNotRerun(@TempDir Path dir) throws Exception {
        RunCache one = new RunCache(dir.resolve("one/runs"));
        ClaimRuns sequential = run(dir.resolve("one"), 1, one, new StringWriter());
        RunCache two = new RunCache(dir.resolve("two/runs"));
        StringWriter log = new StringWriter();
        ClaimRuns parallel = run(dir.resolve("two"), 2, two, log);
        List<ClaimRuns.Key> keys = keys();
        assertThat(two.trained()).isEqualTo(keys.size());
        for (ClaimRuns.Key k : keys) {
            Map<String, double[]> a = sequential.get(k);
            Map<String, double[]> b = parallel.get(k);
            assertThat(b.keySet()).as(k.toString()).isEqualTo(a.keySet());
            for (String series : a.keySet()) {
                assertThat(b.get(series)).as(k + " " + series).containsExactly(a.get(series));
            }
        }
        assertThat(log.toString()).contains("run " + keys.size() + " of " + keys.size() + ": ");

        // an interrupted report left all but two grid points: the second report trains those two only
        try (Stream<Path> files = Files.list(dir.resolve("two/runs"))) {
            for (Path p : files.sorted().limit(2).toList()) {
                Files.delete(p);
            }
        }
        RunCache resumed = new RunCache(dir.resolve("two/runs"));
        ClaimRuns again = run(dir.resolve("two"), 2, resumed, new StringWriter());
        assertThat(resumed.trained()).isEqualTo(2);
        assertThat(resumed.read()).isEqualTo(keys.size() - 2);
        for (ClaimRuns.Key k : keys) {
            assertThat(again.get(k).get("testError")).containsExactly(sequential.get(k).get("testError"));
        }
    }

    @Test
    void wilsonRunsDecayByDevDecayAndTheBestIsChosenByValidationError(@TempDir Path dir) throws Exception {
        ClaimRuns runs = run(dir, 2, new RunCache(dir.resolve("runs")), new StringWriter());
        String task = WilsonProtocol.TASK;
        for (ClaimRuns.Method m : WilsonProtocol.SMALL) {
            double best = runs.best(task, m.name());
            double bestVal = ClaimRuns.last(runs.get(new ClaimRuns.Key(task, m.name(), best, 1)).get("valError"));
            for (double alpha : m.grid()) {
                Map<String, double[]> r = runs.get(new ClaimRuns.Key(task, m.name(), alpha, 1));
                double val = ClaimRuns.last(r.get("valError"));
                assertThat(Double.isNaN(val) || val >= bestVal).as(m.name() + " " + alpha).isTrue();
                // the factors recorded are dev-decay's on this run's own validation errors (epochs 1..E)
                double[] errors = java.util.Arrays.copyOfRange(r.get("valError"), 1, r.get("valError").length);
                double[] factors = r.get("lrFactor");
                WilsonProtocol.Decay d = WilsonProtocol.decay();
                for (int e = 0; e < factors.length; e++) {
                    assertThat(factors[e]).isEqualTo(d.afterEpoch(e + 1, errors[e]));
                }
                assertThat(factors).hasSize(QUICK.mlpEpochs());
            }
        }
    }
}
