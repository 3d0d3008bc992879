package io.descent.cli.lecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The estimate before the claims' runs: their work, the speed of earlier runs, and what the line says. */
class RunEstimateTest {

    @Test
    void workIsWeightsTimesThreePassesPerTrainingImageAndOnePerMeasuredImage() {
        // 7840 weights; 100 training images x 2 epochs x 3 + (100 + 20 + 30) images x 3 measurements
        assertThat(RunEstimate.work(7840, 100, 20, 30, 2)).isEqualTo(7840.0 * (600 + 450));
    }

    @Test
    void secondsScaleTheTimedRunsSpeedToTheWorkLeft() {
        List<double[]> timings = List.of(new double[] {2, 100}, new double[] {6, 300});   // 0.02 s per unit
        assertThat(RunEstimate.seconds(1000, timings)).isEqualTo(20.0);
        assertThat(RunEstimate.seconds(1000, List.of())).isNaN();
        assertThat(RunEstimate.duration(20)).isEqualTo("20 s");
        assertThat(RunEstimate.duration(125)).isEqualTo("2 min 05 s");
        assertThat(RunEstimate.duration(3 * 3600 + 5 * 60 + 20)).isEqualTo("3 h 05 min");
        assertThat(RunEstimate.line(10, 4, 1000, timings)).contains("10 runs, 6 cached, 4 to train")
                .contains("estimated 20 s").contains("2 earlier runs");
        assertThat(RunEstimate.line(10, 4, 1000, List.of())).contains("the ETA follows the first run");
    }

    @Test
    void aTrainedRunNotesItsSecondsAndWorkAndAReadOneDoesNotTrain(@TempDir Path dir) throws Exception {
        RunCache cache = new RunCache(dir);
        Map<String, double[]> r = new LinkedHashMap<>();
        r.put("trainLoss", new double[] {1, 0.5});
        cache.get("run a", 1234, () -> {
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 20_000_000) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            return r;
        });
        RunCache shared = new RunCache(dir, 4);   // four runs at once: each is noted at a quarter of its wall time
        shared.get("run c", 1000, () -> {
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 40_000_000) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            return r;
        });
        cache.get("run b", () -> r);   // no work given: no timing noted
        List<double[]> timings = new RunCache(dir).timings();   // files in name order: run a, run c
        assertThat(timings).hasSize(2);
        assertThat(timings.get(0)[0]).isGreaterThanOrEqualTo(0.02);
        assertThat(timings.get(0)[1]).isEqualTo(1234);
        assertThat(timings.get(1)[0]).isGreaterThanOrEqualTo(0.01).isLessThan(0.04);
        assertThat(timings.get(1)[1]).isEqualTo(1000);
        var json = new ObjectMapper().readTree(Files.readString(dir.resolve(RunCache.fileName("run a"))));
        assertThat(json.get("series").has("seconds")).isFalse();   // the results stay free of the machine's speed
        RunCache again = new RunCache(dir);
        again.get("run a", 1234, () -> {
            throw new AssertionError("a cached run was trained again");
        });
        assertThat(again.read()).isEqualTo(1);
    }
}
