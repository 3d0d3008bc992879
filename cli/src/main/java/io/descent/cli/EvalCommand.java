package io.descent.cli;

import io.descent.data.Dataset;
import io.descent.io.ModelFile;
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
    @Option(names = "--load", required = true, paramLabel = "FILE", description = "a model file written by descent train")
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
        Module model = ModelFile.load(load);
        model.eval();
        if (StreamedTraining.handles(task.data) && !confusion) {
            // the test rows that train reported on, by the same split, streamed whatever the file's size
            out.println(StreamedTraining.line(StreamedTraining.forEval(task).testRows().measure(model)));
            return 0;
        }
        task.model = Inputs.takesImages(model) ? "cnn" : "linear";
        task.validationSplit = 0;
        TaskOptions.Prepared p = task.prepare();
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
}
