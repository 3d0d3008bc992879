package io.descent.cli.lecture;

/**
 * How much work the claims table does: seeds, the step-size grid (factors applied to each optimizer's base step
 * size), and the sizes of its training runs. The standard budget keeps the table to seconds on two cores (one seed
 * for the Fashion-MNIST runs, two for the small problems, three grid points); {@link #full()} is the protocol of
 * the issue: three seeds, five grid points, all 60,000 training images (a fifth kept for validation) and the Adam
 * paper's 784-1000-1000-10 MLP with and without dropout.
 *
 * @param seeds         seeds of the training runs (initial weights and minibatch order)
 * @param toySeeds      seeds of Wilson et al.'s toy problem (its labels)
 * @param factors       the step-size grid: each optimizer's base step size times these
 * @param logregImages  Fashion-MNIST images for logistic regression (training and validation)
 * @param logregEpochs  epochs of logistic regression
 * @param mlpImages     Fashion-MNIST images for the MLP (training and validation)
 * @param mlpEpochs     epochs of the MLP
 * @param mlpHidden     the MLP's hidden widths
 * @param dropout       whether the MLP also runs with dropout 0.5 on its hidden layers
 * @param testImages    Fashion-MNIST test images
 * @param synthetic     points of the stand-in blobs without Fashion-MNIST
 * @param bealeSteps    steps on Beale's function
 * @param reddiSteps    online steps of Reddi et al.'s problem
 * @param wilsonPoints  training (and as many test) points of Wilson et al.'s toy problem
 * @param wilsonSteps   full-batch steps on it
 */
record ClaimsBudget(int seeds, int toySeeds, double[] factors, int logregImages, int logregEpochs, int mlpImages,
                    int mlpEpochs, int[] mlpHidden, boolean dropout, int testImages, int synthetic, int bealeSteps,
                    int reddiSteps, int wilsonPoints, int wilsonSteps) {

    static ClaimsBudget of(Budget b) {
        return switch (b.name()) {
            case "quick" -> new ClaimsBudget(1, 1, new double[] {1, 3}, 300, 2, 300, 2, new int[] {32}, false, 200, 300,
                    100, 600, 20, 300);
            case "full" -> full();
            default -> new ClaimsBudget(1, 2, new double[] {1.0 / 3, 1, 3}, 2000, 5, 2000, 8, new int[] {100}, false,
                    1000, 1000, 500, 3000, 40, 2000);
        };
    }

    static ClaimsBudget full() {
        return new ClaimsBudget(3, 5, new double[] {0.1, 1.0 / 3, 1, 3, 10}, 60_000, 10, 60_000, 5,
                new int[] {1000, 1000}, true, 10_000, 4000, 1000, 30_000, 100, 5000);
    }
}
