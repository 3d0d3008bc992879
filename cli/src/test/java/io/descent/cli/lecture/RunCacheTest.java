package io.descent.cli.lecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose results are on disk is read, not trained again; anything else is trained and cached. */
class RunCacheTest {
    private final AtomicInteger trainings = new AtomicInteger();

    private Map<String, double[]> train() {
        trainings.incrementAndGet();
        Map<String, double[]> r = new LinkedHashMap<>();
        r.put("trainLoss", new double[] {2.3, 0.5, Double.NaN});
        r.put("roughness", new double[] {Double.POSITIVE_INFINITY});
        return r;
    }

    @Test
    void aSecondCacheOnTheSameDirectoryReadsTheResultsInsteadOfTraining(@TempDir Path dir) throws Exception {
        RunCache first = new RunCache(dir);
        Map<String, double[]> trained = first.get("logreg | adam(lr=0.001) | seed 1", this::train);
        assertThat(trainings).hasValue(1);
        assertThat(first.trained()).isEqualTo(1);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).singleElement()
                    .satisfies(name -> assertThat(name).startsWith("logreg-adam-lr-0.001-seed-1-").endsWith(".json"));
        }

        RunCache second = new RunCache(dir);   // a resumed report
        assertThat(second.has("logreg | adam(lr=0.001) | seed 1")).isTrue();
        Map<String, double[]> read = second.get("logreg | adam(lr=0.001) | seed 1", this::train);
        assertThat(trainings).hasValue(1);
        assertThat(second.read()).isEqualTo(1);
        assertThat(second.trained()).isZero();
        assertThat(read.keySet()).containsExactly("trainLoss", "roughness");
        assertThat(read.get("trainLoss")).containsExactly(trained.get("trainLoss"));
        assertThat(read.get("roughness")).containsExactly(Double.POSITIVE_INFINITY);
    }

    @Test
    void aFileOfAnotherKeyOrATruncatedFileIsTrainedAgainAndReplaced(@TempDir Path dir) throws Exception {
        RunCache cache = new RunCache(dir);
        String key = "mlp | sgd(lr=0.1) | seed 2";
        cache.get(key, this::train);
        Path file = dir.resolve(RunCache.fileName(key));
        String json = Files.readString(file);
        Files.writeString(file, json.replace("seed 2", "seed 3"));   // same name, another run's key
        assertThat(cache.has(key)).isFalse();
        cache.get(key, this::train);
        assertThat(trainings).hasValue(2);
        Files.writeString(file, json.substring(0, json.length() / 2));   // cut short
        assertThat(new RunCache(dir).has(key)).isFalse();
        new RunCache(dir).get(key, this::train);
        assertThat(trainings).hasValue(3);
        assertThat(new RunCache(dir).has(key)).isTrue();
    }
    @Test
    void keysTooLongForAFileNameGetShortDistinctNamesAndShortKeysKeepTheNamesEarlierReportsWrote(@TempDir Path dir)
            throws Exception {
        String stem = "MLP | Wilson et al.'s protocol | 48000 Fashion-MNIST training, 12000 validation and 10000 test"
                + " images | 5 epochs | hidden 1000,1000 | batch 64 | sgd(lr=2, momentum=0.9) | seed 1";
        String halving = stem + " | dev decay x0.5 after 1 epoch without a better validation error";
        String fixed = stem + " | dev decay x0.5 after 1 epoch without a better validation loss";
        RunCache cache = new RunCache(dir);
        cache.get(halving, this::train);
        cache.get(fixed, this::train);
        assertThat(trainings).hasValue(2);
        assertThat(RunCache.fileName(halving)).isNotEqualTo(RunCache.fileName(fixed));
        for (String key : new String[] {halving, fixed}) {
            assertThat(RunCache.fileName(key).length()).isLessThanOrEqualTo(RunCache.LONGEST_NAME)
                    .isGreaterThan(100);
            assertThat(RunCache.fileName(key)).startsWith("mlp-wilson-et-al.-s-protocol-").endsWith(".json");
            assertThat(new RunCache(dir).has(key)).isTrue();
        }
        // a key whose name fits is named as before: its hash code after the slug
        String shortKey = "logreg | adam(lr=0.001) | seed 1";
        assertThat(RunCache.fileName(shortKey))
                .isEqualTo("logreg-adam-lr-0.001-seed-1-" + Integer.toHexString(shortKey.hashCode()) + ".json");
    }
}
