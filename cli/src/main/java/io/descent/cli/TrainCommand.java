package io.descent.cli;

import io.descent.io.ModelFile;
import io.descent.nn.Module;
import io.descent.optim.Lbfgs;
import io.descent.optim.Optimizers;
import io.descent.train.Callback;
import io.descent.train.Checkpointer;
import io.descent.train.EarlyStopping;
import io.descent.train.FullBatchTrainer;
import io.descent.train.History;
import io.descent.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code descent train}: trains a model, shows progress, saves it, and ends with the held-out accuracy and loss. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a model; the last line gives the test (or validation) accuracy and loss.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    TaskOptions task;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "SPEC",
            description = "e.g. 'adam(lr=1e-3, betas=0.9:0.999)', 'sgd(lr=0.1, momentum=0.9, nesterov=true)', newton, "
                    + "'lbfgs(history_size=10)' (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--schedule", paramLabel = "SPEC",
            description = "e.g. 'cosine(t_max=20, warmup=2)', 'step(step_size=10, gamma=0.1)', 'plateau(patience=3)'")
    String schedule;

    @Option(names = "--epochs", defaultValue = "5", description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--accumulate", defaultValue = "1", paramLabel = "K",
            description = "gradient accumulation over K minibatches (default: ${DEFAULT-VALUE})")
    int accumulate;

    @Option(names = "--early-stopping", paramLabel = "METRIC",
            description = "stop when METRIC (val_loss, val_accuracy, train_loss) stops improving; restores the best weights")
    String earlyStopping;

    @Option(names = "--patience", defaultValue = "5", description = "epochs without improvement before stopping (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--min-delta", defaultValue = "0", description = "smallest change that counts as improvement (default: ${DEFAULT-VALUE})")
    double minDelta;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "write last.safetensors there after every N epochs")
    Path checkpointDir;

    @Option(names = "--checkpoint-every", defaultValue = "1", paramLabel = "N", description = "(default: ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "continue from a checkpoint file (or a directory's last.safetensors)")
    Path resume;

    @Option(names = "--save", defaultValue = "model.safetensors", paramLabel = "FILE",
            description = "where to save the trained model (default: ${DEFAULT-VALUE})")
    Path save;

    @Option(names = "--history", paramLabel = "FILE", description = "write the per-epoch history as .csv or .json")
    Path historyFile;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Spec opt = OptimizerSpecs.parse(optimizer);
        OptimizerSpecs.validate(opt);
        ScheduleSpecs.Parsed sched = schedule == null ? null : ScheduleSpecs.parse(schedule);
        check(epochs >= 0, "--epochs", epochs + ": expected >= 0");
        check(accumulate >= 1, "--accumulate", accumulate + ": expected >= 1");
        check(patience >= 1, "--patience", patience + ": expected >= 1");
        check(checkpointEvery >= 1, "--checkpoint-every", checkpointEvery + ": expected >= 1");
        if (historyFile != null) {
            String n = historyFile.getFileName().toString();
            check(n.endsWith(".csv") || n.endsWith(".json"), "--history", historyFile + ": expected a .csv or .json file");
        }
        Path resumeFile = resume == null ? null : Files.isDirectory(resume) ? resume.resolve(Checkpointer.LAST) : resume;
        if (resumeFile != null && !Files.isRegularFile(resumeFile)) {
            throw new io.descent.InvalidInputException("--resume", "", "no checkpoint at " + resumeFile.toAbsolutePath());
        }
        Descent.noteBlas(err);

        TaskOptions.Prepared p = task.prepare();
        Module model = p.newModel(task.seed);
        out.printf("descent train: %s on %s (%d training samples, %d parameters), loss %s, optimizer %s%n",
                task.model, task.data, p.train().size(), model.parameterCount(), p.lossName(), opt.text());
        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(Progress.forConsole(out));
        if (earlyStopping != null) {
            check(p.validation() != null || earlyStopping.startsWith("train_"), "--early-stopping",
                    earlyStopping + " needs a validation split (--validation-split > 0)");
            callbacks.add(new EarlyStopping(earlyStopping, patience, minDelta, true));
        }
        History history;
        if (OptimizerSpecs.isFullBatch(opt)) {
            check(checkpointDir == null && resumeFile == null && sched == null, "--optimizer",
                    opt.name() + " trains full-batch: checkpoints, --resume and --schedule are for minibatch optimizers");
            FullBatchTrainer fb = new FullBatchTrainer(callbacks, 1000);
            history = opt.name().equals("newton")
                    ? fb.fitNewton(model, p.loss(), OptimizerSpecs.newton(Spec.parse("--optimizer", optimizer)),
                            p.train(), p.validation(), epochs)
                    : fb.fitClosure(model, p.loss(), lbfgs(model), p.train(), p.validation(), epochs);
        } else {
            Trainer.Builder b = Trainer.builder().batchSize(task.batchSize).seed(task.seed).accumulation(accumulate)
                    .checkpointMetadata("command.model", task.model).checkpointMetadata("command.optimizer", optimizer);
            if (sched != null) {
                sched.applyTo(b);
            }
            if (checkpointDir != null) {
                callbacks.add(Checkpointer.every(checkpointDir, checkpointEvery));
            }
            if (resumeFile != null) {
                b.resumeFrom(resumeFile);
            }
            b.callbacks(callbacks.toArray(new Callback[0]));
            history = b.build().fit(model, p.loss(), OptimizerSpecs.optimizer(opt, model.parameters()), p.train(),
                    p.validation(), epochs);
        }
        ModelFile.save(model, save);
        out.println("saved the model to " + save);
        if (historyFile != null) {
            if (historyFile.getFileName().toString().endsWith(".csv")) {
                history.writeCsv(historyFile);
            } else {
                history.writeJson(historyFile);
            }
        }
        Module evaluated = model;
        evaluated.eval();
        out.println(HeldOut.of(p.heldOutName(), evaluated, p.loss(), p.heldOut(), LossSpecs.isMargin(p.lossName())).line());
        return 0;
    }

    private Lbfgs lbfgs(Module model) {
        return Optimizers.lbfgs(model.parameters(), OptimizerSpecs.lbfgs(Spec.parse("--optimizer", optimizer)));
    }

    static void check(boolean ok, String option, String problem) {
        if (!ok) {
            throw new io.descent.InvalidInputException(option, "", problem);
        }
    }
}
