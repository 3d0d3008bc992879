package io.descent.cli.lecture;

import io.descent.autograd.GradMode;
import io.descent.cli.OptimizerSpecs;
import io.descent.data.Dataset;
import io.descent.loss.Loss;
import io.descent.nn.Module;
import io.descent.optim.Optimizer;
import io.descent.report.Box;
import io.descent.report.Grid;
import io.descent.tensor.Tensor;
import io.descent.train.Callback;
import io.descent.train.Decision;
import io.descent.train.Evaluation;
import io.descent.train.History;
import io.descent.train.Trainer;
import io.descent.train.TrainingContext;
import java.io.IOException;
import java.util.Arrays;

/** Training runs and measurements shared by the report's sections. */
final class Fits {
    private Fits() {
    }

    /** Records every minibatch's loss. */
    static final class StepLosses implements Callback {
        private double[] values = new double[256];
        private int size;

        @Override
        public Decision onBatchEnd(TrainingContext ctx, int batch, double loss) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = loss;
            return Decision.CONTINUE;
        }

        double[] values() {
            return Arrays.copyOf(values, size);
        }
    }

    /** An optimizer from a command-line spec, e.g. {@code "sgd(lr=0.1, momentum=0.9)"}. */
    static Optimizer optimizer(String spec, Module model) {
        return OptimizerSpecs.optimizer(OptimizerSpecs.parse(spec), model.namedParameters());
    }

    /** Minibatch training with the trainer, shuffled from {@code seed}; {@code validation} may be null. */
    static History train(Module model, Loss loss, String optimizerSpec, Dataset train, Dataset validation, int epochs,
            int batchSize, long seed, Callback... callbacks) throws IOException {
        return Trainer.builder().batchSize(batchSize).seed(seed).callbacks(callbacks).build()
                .fit(model, loss, optimizer(optimizerSpec, model), train, validation, epochs);
    }

    /** The loss and accuracy of {@code model} on {@code data}, in evaluation mode. */
    static Evaluation evaluate(Module model, Loss loss, Dataset data) {
        return Evaluation.of(model, loss, data, 1000, 1);
    }

    /** The fraction of -1/+1 labels that the sign of a one-output model's score gets right. */
    static double signAccuracy(Module model, Dataset signed) {
        double[] s = scores(model, signed.features());
        int correct = 0;
        for (int i = 0; i < s.length; i++) {
            correct += (s[i] >= 0) == (signed.targets().getFlat(i) > 0) ? 1 : 0;
        }
        return (double) correct / s.length;
    }

    /** The model's outputs for the rows of {@code x}, flattened, in evaluation mode without recording. */
    static double[] scores(Module model, Tensor x) {
        boolean was = model.isTraining();
        model.eval();
        try (var scope = GradMode.disabled()) {
            return model.forward(x).toDoubleArray();
        } finally {
            model.train(was);
        }
    }

    /**
     * What a model of points in the plane predicts on a {@code res x res} grid over {@code box}: for one output
     * (a margin model) the class by the sign of the score; for several, the probability of class 1 (two classes)
     * or the most likely class.
     */
    static Grid grid(Module model, Box box, int res, boolean probability) {
        float[] xy = new float[2 * res * res];
        for (int j = 0; j < res; j++) {
            for (int i = 0; i < res; i++) {
                int k = j * res + i;
                xy[2 * k] = (float) (box.xmin() + box.width() * i / (res - 1));
                xy[2 * k + 1] = (float) (box.ymin() + box.height() * j / (res - 1));
            }
        }
        double[] out = scores(model, Tensor.wrap(xy, res * res, 2));
        int outputs = out.length / (res * res);
        double[] v = new double[res * res];
        for (int k = 0; k < v.length; k++) {
            if (outputs == 1) {
                v[k] = out[k] >= 0 ? 1 : 0;
            } else if (probability) {
                // softmax of two scores: the probability of class 1
                v[k] = 1 / (1 + Math.exp(out[2 * k] - out[2 * k + 1]));
            } else {
                int best = 0;
                for (int c = 1; c < outputs; c++) {
                    best = out[outputs * k + c] > out[outputs * k + best] ? c : best;
                }
                v[k] = best;
            }
        }
        return Grid.of(box, res, res, v);
    }

    /** Column {@code c} of a data set's [N, 2] features. */
    static double[] column(Dataset d, int c) {
        double[] v = new double[d.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = d.features().get(i, c);
        }
        return v;
    }

    /** Class labels 0/1 of a data set with -1/+1 targets or class targets. */
    static int[] classes(Dataset d) {
        int[] y = new int[d.size()];
        for (int i = 0; i < y.length; i++) {
            double t = d.targets().getFlat(i);
            y[i] = d.isClassification() ? (int) t : t > 0 ? 1 : 0;
        }
        return y;
    }
}
