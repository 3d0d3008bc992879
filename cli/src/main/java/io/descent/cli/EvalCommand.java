package io.descent.cli;

import io.descent.data.Dataset;
import io.descent.io.InputFile;
import io.descent.io.ModelFile;
import io.descent.io.SafeTensors;
import io.descent.nn.Module;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code descent eval}: a saved model's accuracy and loss on the held-out data of a data set. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on the test set of --data (the split descent train reported on).")
final class EvalCommand implements Callable<Integer> {
    /** What --load names, in the words of an error. */
    static final String MODEL_FILE = "a model file written by descent train (.safetensors)";

    @Option(names = "--load", required = true, paramLabel = "FILE", description = "a model file written by descent train; "
            + "a weights-only safetensors file needs --model SPEC, the architecture it was trained with")
    Path load;

    @Option(names = "--confusion", description = "also print the confusion matrix (rows: true class, columns: predicted)")
    boolean confusion;

    @Mixin
    TaskOptions task;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        InputFile.requireRegular("--load", load, MODEL_FILE);   // a fifo would block the read for ever
        boolean modelGiven = spec.commandLine().getParseResult().hasMatchedOption("--model");
        // Read twice only with --model: once here for the architecture, once into the model --model builds.
        if (modelGiven && SafeTensors.read(load).metadata().containsKey(ModelFile.ARCHITECTURE)) {
            throw new io.descent.InvalidInputException("--model", "", load + " holds the architecture it was trained "
                    + "with and eval builds that; --model is for a weights-only file");
        }
        if (StreamedTraining.handles(task.data) && !confusion) {
            // the test rows that train reported on, by the same split, streamed whatever the file's size
            StreamedTraining data = StreamedTraining.forEval(task);
            Module model = modelGiven ? weightsInto(data.newModel(task)) : ModelFile.load(load);
            model.eval();
            out.println(StreamedTraining.line(data.testRows().measure(model)));
            return 0;
        }
        Module model = modelGiven ? null : ModelFile.load(load);
        if (!modelGiven) {
            task.model = Inputs.takesImages(model) ? "cnn" : "linear";
        }
        task.validationSplit = 0;
        TaskOptions.Prepared p = task.prepare();
        if (modelGiven) {
            model = weightsInto(p.newModel(task.seed));
        }
        model.eval();
        Dataset heldOut = p.heldOut();
        if (confusion && heldOut.isClassification()) {
            long[][] c = io.descent.train.Evaluation.of(model, p.loss(), heldOut, 1000, 1).confusion();
            StringBuilder sb = new StringBuilder("confusion (rows: true class, columns: predicted)\n");
            for (long[] row : c) {
                for (int j = 0; j < row.length; j++) {
                    sb.append(String.format(java.util.Locale.ROOT, j == 0 ? "%6d" : " %6d", row[j]));
                }
                sb.append('\n');
            }
            out.print(sb);
        }
        out.println(HeldOut.of(p.heldOutName(), model, p.loss(), heldOut, LossSpecs.isMargin(p.lossName())).line());
        return 0;
    }

    /** A weights-only file's weights in the model --model built, which must match them name for name. */
    private Module weightsInto(Module model) throws java.io.IOException {
        ModelFile.loadInto(model, load);
        return model;
    }
}
