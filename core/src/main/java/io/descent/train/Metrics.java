package io.descent.train;

import io.descent.tensor.Tensor;

/** Classification metrics computed from a batch of scores (logits or probabilities, [N, C]) and class indices. */
public final class Metrics {
    private Metrics() {
    }

    /** Number of rows whose highest score is at the true class (ties go to the first maximum). */
    public static int correct(Tensor scores, int[] labels) {
        int[] predicted = scores.argmax(1);
        int c = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                c++;
            }
        }
        return c;
    }

    /**
     * Number of rows whose true class is among the {@code k} highest scores: the true class's rank is the count
     * of classes scoring strictly higher, and it is a hit when that count is below k.
     */
    public static int topKCorrect(Tensor scores, int[] labels, int k) {
        int n = scores.dim(0);
        int classes = scores.dim(1);
        int hits = 0;
        for (int i = 0; i < n; i++) {
            double truth = scores.get(i, labels[i]);
            int higher = 0;
            for (int c = 0; c < classes && higher < k; c++) {
                if (scores.get(i, c) > truth) {
                    higher++;
                }
            }
            if (higher < k) {
                hits++;
            }
        }
        return hits;
    }

    /** Adds the batch into a confusion matrix: {@code counts[true][predicted]}. */
    public static void addToConfusion(long[][] counts, Tensor scores, int[] labels) {
        int[] predicted = scores.argmax(1);
        for (int i = 0; i < labels.length; i++) {
            counts[labels[i]][predicted[i]]++;
        }
    }
}
