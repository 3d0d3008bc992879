package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.data.Dataset;
import io.descent.data.Split;
import io.descent.loss.Loss;
import io.descent.loss.LossSpec;
import io.descent.nn.Module;
import picocli.CommandLine.Option;

/**
 * The options that say what to learn, shared by train, compare, lr-find and tune: the data, the model,
 * the loss, the batch size, the seed and the validation split. {@link #prepare()} loads and shapes
 * everything once.
 */
public final class TaskOptions {
    @Option(names = "--data", defaultValue = "fashion-mnist", paramLabel = "DATA",
            description = "fashion-mnist, idx:DIR, csv:FILE, libsvm:FILE, moons, spirals, xor, blobs (default: ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--model", defaultValue = "linear", paramLabel = "SPEC",
            description = "linear, 'mlp(1000,1000, activation=relu, batchnorm=true, dropout=0.2)', cnn (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--loss", paramLabel = "NAME",
            description = "cross-entropy, mse, log, hinge (default: cross-entropy for classes, mse otherwise)")
    String loss;

    @Option(names = "--batch-size", defaultValue = "128", description = "minibatch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the initial weights and the data order (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--validation-split", defaultValue = "0.1", paramLabel = "F",
            description = "fraction of the training data held out for validation, 0 for none (default: ${DEFAULT-VALUE})")
    double validationSplit;

    @Option(names = "--label", defaultValue = "-1", paramLabel = "COLUMN",
            description = "CSV label column, by name or index (-1: the last) (default: ${DEFAULT-VALUE})")
    String label;

    @Option(names = "--no-header", description = "the CSV file has no header line")
    boolean noHeader;

    @Option(names = "--regression", description = "CSV/LIBSVM labels are real-valued targets, not class indices")
    boolean regression;

    /** Data, model maker and loss ready for training. */
    public record Prepared(String lossName, Loss loss, Dataset train, Dataset validation, Dataset test, int outputs,
                           TaskOptions options) {
        public Module newModel(long seed) {
            return ModelSpecs.build(options.model, inputShape(train), outputs, seed);
        }

        /** The data set the final figures are reported on: the test set, else the validation set. */
        public Dataset heldOut() {
            return test != null ? test : validation;
        }

        /** Samples read and how many went to training, validation and test. */
        public String sizesLine() {
            return SplitSizes.of(train, validation, test).line();
        }

        public String heldOutName() {
            return test != null ? "test" : "validation";
        }
    }

    static int[] inputShape(Dataset d) {
        int[] dims = d.features().shape().dims();
        return java.util.Arrays.copyOfRange(dims, 1, dims.length);
    }

    public Prepared prepare() {
        if (batchSize < 1) {
            throw new InvalidInputException("--batch-size", "", batchSize + ": expected a positive integer");
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new InvalidInputException("--validation-split", "", validationSplit + ": expected a fraction in [0, 1)");
        }
        ModelSpecs.build(model, new int[] {1, 28, 28}, 10, 0).parameterCount(); // a bad --model fails before data loads
        DataSpecs.Data d = DataSpecs.load(data, new DataSpecs.CsvOptions(label, !noHeader, !regression));
        String lossName = loss != null ? LossSpec.parse(loss).name() : LossSpecs.defaultFor(d.train().isClassification());
        Loss l = LossSpecs.build(lossName);
        Dataset train = d.train();
        Dataset test = d.test();
        if (!ModelSpecs.takesImages(model)) {
            train = train.flattened();
            test = test == null ? null : test.flattened();
        }
        int outputs;
        if (LossSpecs.isMargin(lossName)) {
            if (train.numClasses() != 2) {
                throw new InvalidInputException("--loss", "'" + lossName + "'", lossName + " loss needs two classes; "
                        + d.name() + " has " + describe(train) + " (use cross-entropy)");
            }
            train = train.signed();
            test = test == null ? null : test.signed();
            outputs = 1;
        } else if (lossName.equals("cross-entropy")) {
            if (!train.isClassification()) {
                throw new InvalidInputException("--loss", "'cross-entropy'", "needs class labels; " + d.name()
                        + " has real-valued targets (use mse)");
            }
            outputs = train.numClasses();
        } else {
            if (train.isClassification()) {
                throw new InvalidInputException("--loss", "'mse'", "needs real-valued targets; " + d.name() + " has "
                        + describe(train) + " (use cross-entropy, or --regression for CSV/LIBSVM files)");
            }
            outputs = train.targets().rank() == 1 ? 1 : train.targets().dim(1);
        }
        Dataset validation = null;
        if (validationSplit > 0) {
            // The loaded training data is used by nothing else: split it without copying the samples.
            Split<Dataset> s = Split.trainValidationInPlace(train, validationSplit, seed);
            train = s.train();
            validation = s.validation();
        }
        SplitSizes.of(train, validation, test).requireNonEmpty(data, validationSplit);
        return new Prepared(lossName, l, train, validation, test, outputs, this);
    }

    private static String describe(Dataset d) {
        return d.isClassification() ? d.numClasses() + " classes" : "real-valued targets";
    }
}
