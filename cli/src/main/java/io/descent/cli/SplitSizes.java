package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.data.Dataset;
import java.util.Locale;

/**
 * How many samples a prepared task holds in each split, and the check that none it uses is empty: an empty
 * validation or test split would end a run with a NaN loss ("diverged", "test loss NaN") instead of saying why.
 *
 * @param validation -1 when there is no validation split (--validation-split 0)
 * @param test       -1 when the data has no test split
 */
record SplitSizes(int training, int validation, int test) {

    static SplitSizes of(Dataset train, Dataset validation, Dataset test) {
        return new SplitSizes(train.size(), validation == null ? -1 : validation.size(), test == null ? -1 : test.size());
    }

    long read() {
        return (long) training + Math.max(0, validation) + Math.max(0, test);
    }

    /** Refuses, before training, a split with no sample, naming it and the counts. */
    SplitSizes requireNonEmpty(String data, double validationSplit) {
        if (training == 0) {
            throw new InvalidInputException("--data", "'" + data + "'", counts() + ": the training split is empty; "
                    + "give more samples" + (validation > 0 ? " or a smaller --validation-split" : ""));
        }
        if (validation == 0) {
            throw new InvalidInputException("--validation-split", String.valueOf(validationSplit), counts()
                    + ": the validation split of " + validationSplit + " holds no sample; give more samples, a larger "
                    + "fraction, or --validation-split 0");
        }
        if (test == 0) {
            throw new InvalidInputException("--data", "'" + data + "'", counts() + ": the test split is empty; give "
                    + "more samples");
        }
        return this;
    }

    /** "read 12 rows: 8 for training, 1 for validation, 3 for test". */
    String line() {
        return "read " + read() + " rows: " + counts();
    }

    private String counts() {
        return String.format(Locale.ROOT, "%d for training%s%s", training,
                validation < 0 ? "" : ", " + validation + " for validation", test < 0 ? "" : ", " + test + " for test");
    }
}
