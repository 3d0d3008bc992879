package io.descent.data;

import io.descent.tensor.Rng;
import java.util.Arrays;

/**
 * A data set cut in two disjoint parts: the training part, on which models and scalers are fitted, and the
 * validation part, held out to measure them.
 *
 * <pre>{@code
 * Split<Dataset> s = Split.trainValidation(data, 0.2, 42);   // 80% train, 20% validation
 * Standardizer scaler = Standardizer.fit(s.train());          // statistics of the training part only
 * }</pre>
 */
public record Split<D>(D train, D validation) {

    /**
     * A random split: {@code round(validationFraction * N)} samples go to validation, chosen from the seed;
     * each part keeps the original order of its samples.
     */
    public static Split<Dataset> trainValidation(Dataset data, double validationFraction, long seed) {
        int[][] parts = indices(data.size(), validationFraction, seed);
        return new Split<>(data.subset(parts[0]), data.subset(parts[1]));
    }

    /** The same for sparse data. */
    public static Split<SparseDataset> trainValidation(SparseDataset data, double validationFraction, long seed) {
        int[][] parts = indices(data.size(), validationFraction, seed);
        return new Split<>(data.subset(parts[0]), data.subset(parts[1]));
    }

    /** Row indices {train, validation}, each sorted. */
    static int[][] indices(int n, double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction <= 1)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1], got " + validationFraction);
        }
        int[] order = Rows.identity(n);
        new Rng(seed).shuffle(order);
        int nValidation = (int) Math.round(validationFraction * n);
        int[] validation = Arrays.copyOfRange(order, 0, nValidation);
        int[] train = Arrays.copyOfRange(order, nValidation, n);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new int[][] {train, validation};
    }
}
