package io.descent.cli.lecture;

/**
 * How much work each experiment of the report does. {@link #standard()} keeps the whole report within about
 * three minutes on two cores without Fashion-MNIST; {@link #quick()} runs in seconds, for tests; {@link #full()}
 * runs the longer versions. Sizes of Fashion-MNIST runs are numbers of images drawn from its training set.
 *
 * @param name             "quick", "standard" or "full", for the page
 * @param resolution       grid points per axis of decision-boundary pictures
 * @param blobs            points of section 1's two blobs
 * @param linearEpochs     epochs of section 1's linear models
 * @param spirals          points of section 2's two spirals
 * @param spiralEpochs     epochs of section 2's models
 * @param gdSteps          most iterations of section 3's gradient descent
 * @param toySteps         steps on Beale's function, the saddle and Rosenbrock's function (section 4)
 * @param convexTrain      training images of section 5 (Fashion-MNIST)
 * @param convexEpochs     epochs of section 5 (Fashion-MNIST)
 * @param netTrain         training images of section 6's MLP (Fashion-MNIST)
 * @param netEpochs        epochs of section 6's MLP
 * @param cnnTrain         training images of section 6's CNN
 * @param cnnEpochs        epochs of section 6's CNN
 * @param testImages       Fashion-MNIST test images each run is measured on
 * @param synthetic        points of the synthetic stand-ins without Fashion-MNIST (sections 5 to 7: 2x, 1x, 2x)
 * @param syntheticEpochs  epochs of section 6 without Fashion-MNIST (section 5: a third of it)
 * @param batchNormTrain   training images of section 7 (Fashion-MNIST)
 * @param batchNormEpochs  epochs of section 7
 * @param earlyStopEpochs  most epochs of section 8
 * @param reddiSteps       online steps of section 9
 */
public record Budget(String name, int resolution, int blobs, int linearEpochs, int spirals, int spiralEpochs, int gdSteps,
                     int toySteps, int convexTrain, int convexEpochs, int netTrain, int netEpochs, int cnnTrain,
                     int cnnEpochs, int testImages, int synthetic, int syntheticEpochs, int batchNormTrain, int batchNormEpochs,
                     int earlyStopEpochs, int reddiSteps) {

    /** Seconds: small data, few epochs, coarse pictures. */
    public static Budget quick() {
        return new Budget("quick", 41, 200, 10, 200, 30, 20_000, 100, 500, 2, 300, 2, 100, 1, 200, 300, 10, 500, 3, 20, 600);
    }

    /** The default: the whole report in about three minutes on two cores without Fashion-MNIST. */
    public static Budget standard() {
        return new Budget("standard", 201, 400, 40, 600, 250, 20_000, 500, 5000, 10, 2000, 20, 1000, 6, 2000, 1000,
                60, 10_000, 10, 200, 3000);
    }

    /** Longer runs and all 60,000 training images of Fashion-MNIST for every network of sections 5 to 7. */
    public static Budget full() {
        return new Budget("full", 301, 1000, 60, 1000, 400, 100_000, 1000, 60_000, 10, 60_000, 30, 60_000, 8, 10_000,
                4000, 150, 60_000, 20, 400, 30_000);
    }
}
