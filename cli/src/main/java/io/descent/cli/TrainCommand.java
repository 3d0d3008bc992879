package io.descent.cli;

import io.descent.data.Dataset;
import io.descent.data.LibSvmFormat;
import io.descent.data.RowSplit;
import io.descent.io.ModelFile;
import io.descent.loss.LossSpec;
import io.descent.loss.Reduction;
import io.descent.nn.Module;
import io.descent.optim.Optimizer;
import io.descent.optim.Optimizers;
import io.descent.train.Callback;
import io.descent.train.CheckpointLock;
import io.descent.train.Checkpointer;
import io.descent.train.DistributedBackend;
import io.descent.train.EarlyStopping;
import io.descent.train.FullBatchSource;
import io.descent.train.History;
import io.descent.train.Trainer;
import io.descent.train.Validation;
import io.descent.train.WeightAveraging;
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
    /** The history's columns that early stopping can watch. */
    static final List<String> EARLY_STOPPING_METRICS = List.of("val_loss", "val_accuracy", "train_loss", "train_accuracy");

    @Mixin
    TaskOptions task;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "SPEC",
            description = "e.g. 'adam(lr=1e-3, betas=0.9:0.999)', 'sgd(lr=0.1, momentum=0.9, nesterov=true)', 'radam(lr=1e-3)', "
                    + "'lion(lr=1e-4, weight_decay=0.1)', 'adamw_schedulefree(lr=0.0025, warmup_steps=100)', newton, "
                    + "'lbfgs(history_size=10)', 'newton_cg(gauss_newton=true)', 'saddle_free(krylov=20)' "
                    + "(default: ${DEFAULT-VALUE})")
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

    @Option(names = "--swa", paramLabel = "SETTINGS",
            description = "stochastic weight averaging, start=EPOCHS,lr=SWA_LR[,anneal_epochs=10,anneal=cos|linear,"
                    + "every=1]: the weights after each epoch past start are averaged while the learning rate anneals "
                    + "to lr (PyTorch's SWALR); the saved model is the average, its batch-norm statistics recomputed")
    String swa;

    @Option(names = "--ema", paramLabel = "SETTINGS",
            description = "exponential moving average of the weights, decay=0.999[,start=STEPS,every=1], updated "
                    + "after each optimizer step past start; the saved model is the average")
    String ema;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "write last.safetensors there after every N epochs")
    Path checkpointDir;

    @Option(names = "--checkpoint-every", defaultValue = "1", paramLabel = "N", description = "(default: ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--checkpoint-every-steps", defaultValue = "0", paramLabel = "N",
            description = "with --checkpoint-dir: also write last.safetensors every N optimizer steps, in the middle of "
                    + "an epoch too, so that a killed run loses at most N steps (default: 0, at epoch ends only)")
    long checkpointEverySteps;

    @Option(names = "--checkpoint-every-minutes", defaultValue = "0", paramLabel = "M",
            description = "with --checkpoint-dir: also write last.safetensors every M minutes (default: 0, none)")
    double checkpointEveryMinutes;

    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "continue from a checkpoint file (or a "
            + "directory's last.safetensors) with the settings that wrote it: a changed setting is refused and named; "
            + "only " + RunFingerprint.CHANGEABLE + " may change")
    Path resume;

    @Option(names = "--overwrite", description = "with --checkpoint-dir: start a fresh run over the checkpoint an "
            + "earlier run left there (without it that is refused)")
    boolean overwrite;

    @Option(names = "--save", defaultValue = "model.safetensors", paramLabel = "FILE",
            description = "where to save the trained model (default: ${DEFAULT-VALUE})")
    Path save;

    @Option(names = "--history", paramLabel = "FILE", description = "write the per-epoch history as .csv or .json (a device, fifo or '-': CSV)")
    Path historyFile;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "train data-parallel on Apache Spark: 'local[2]' runs it inside this process (127.0.0.1, "
                    + "UI off; 'local[2,4]' retries failed tasks), or a cluster's master URL; under spark-submit, "
                    + "spark-submit's master")
    String spark;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
            description = "with --spark: shards of the training data (default: Spark's default parallelism)")
    int partitions;

    @Option(names = "--local-steps", defaultValue = "0", paramLabel = "K",
            description = "with --spark: local SGD, K steps per partition between averagings of weights and "
                    + "optimizer state (default: 0, synchronous steps)")
    int localSteps;

    @Option(names = "--aggregation", defaultValue = "tree", paramLabel = "HOW",
            description = "with --spark: tree (treeAggregate), or ordered (partition order: the same bits every run) "
                    + "(default: ${DEFAULT-VALUE})")
    String aggregation;

    @Option(names = "--log-every", defaultValue = "10", paramLabel = "N",
            description = "with --spark: a progress line every N steps (default: ${DEFAULT-VALUE})")
    int logEvery;

    @Option(names = "--shuffle-buffer", defaultValue = "65536", paramLabel = "ROWS",
            description = "csv:/libsvm: files streamed from disk: rows shuffled together in memory (default: ${DEFAULT-VALUE})")
    int shuffleBuffer;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "csv:/libsvm: files: the first pass writes the parsed rows there in binary; later epochs and "
                    + "later runs read them memory-mapped instead of parsing text (a changed file invalidates it)")
    Path cache;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** --swa or --ema as parsed, or null. */
    private WeightAveragingSpecs averaging;

    /** More shards than any cluster runs at once by far; each is a Spark task per step. */
    static final int MAX_PARTITIONS = 100_000;

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
        check(checkpointEverySteps >= 0, "--checkpoint-every-steps", checkpointEverySteps + ": expected >= 0");
        check(checkpointEveryMinutes >= 0 && Double.isFinite(checkpointEveryMinutes), "--checkpoint-every-minutes",
                checkpointEveryMinutes + ": expected a number >= 0");
        check(checkpointDir != null || checkpointEverySteps == 0 && checkpointEveryMinutes == 0,
                "--checkpoint-every-steps", "needs --checkpoint-dir DIR");
        if (historyFile != null && io.descent.io.OutputFile.isFile(historyFile)) { // a device, fifo or '-' gets CSV
            String n = historyFile.getFileName().toString();
            check(n.endsWith(".csv") || n.endsWith(".json"), "--history", historyFile + ": expected a .csv or .json file");
        }
        check(earlyStopping == null || EARLY_STOPPING_METRICS.contains(earlyStopping), "--early-stopping",
                "'" + earlyStopping + "': expected one of " + String.join(", ", EARLY_STOPPING_METRICS));
        averaging = WeightAveragingSpecs.parse(swa, ema);
        if (averaging != null) {
            averaging.checkCombination(epochs, earlyStopping, opt, sched);
        }
        // Before any work: a model trained for hours must not be lost to a typo in where it goes.
        OutputPaths.file("--save", save);
        OutputPaths.file("--history", historyFile);
        OutputPaths.directory("--checkpoint-dir", checkpointDir);
        Path resumeFile = resume == null ? null : Files.isDirectory(resume) ? resume.resolve(Checkpointer.LAST) : resume;
        if (resumeFile != null && !Files.isRegularFile(resumeFile)) {
            throw new io.descent.InvalidInputException("--resume", "", "no checkpoint at " + resumeFile.toAbsolutePath());
        }
        Descent.noteBlas(err);
        if (checkpointDir == null) {
            return run(opt, sched, resumeFile, out, err);
        }
        // Locked before any data loads: a second run on the directory fails at once.
        try (CheckpointLock lock = CheckpointLock.acquire(checkpointDir)) {
            if (lock.removedTemporaries() > 0) {
                out.printf("removed %d stale temporary file(s) of a killed checkpoint write in %s%n",
                        lock.removedTemporaries(), checkpointDir);
            }
            refuseOverAnEarlierRun(resumeFile);
            return run(opt, sched, resumeFile, out, err);
        }
    }

    /** A fresh run (or one resumed from elsewhere) would replace an earlier run's checkpoint: only with --overwrite. */
    private void refuseOverAnEarlierRun(Path resumeFile) throws java.io.IOException {
        if (overwrite) {
            return;
        }
        boolean continuesIt = resumeFile != null && resumeFile.toAbsolutePath().normalize().getParent()
                .equals(checkpointDir.toAbsolutePath().normalize());
        for (String name : List.of(Checkpointer.LAST, Checkpointer.BEST)) {
            if (!continuesIt && Files.exists(checkpointDir.resolve(name))) {
                throw new io.descent.InvalidInputException("--checkpoint-dir", checkpointDir.toString(), "holds "
                        + name + " of an earlier run: continue it with --resume " + checkpointDir + ", start afresh "
                        + "over it with --overwrite, or give another directory");
            }
        }
    }

    private int run(Spec opt, ScheduleSpecs.Parsed sched, Path resumeFile, PrintWriter out, PrintWriter err)
            throws Exception {
        String master = spark != null ? spark : System.getProperty("spark.master"); // the latter: under spark-submit
        if (master != null) {
            return trainOnSpark(master, opt, sched, resumeFile, out, err);
        }
        check(partitions == 0 && localSteps == 0 && aggregation.equals("tree"), "--partitions",
                "--partitions, --local-steps and --aggregation are for training on Spark (--spark MASTER)");

        if (StreamedTraining.handles(task.data) && !OptimizerSpecs.isFullBatch(opt)
                && !StreamedTraining.denseFitsInMemory(task)) {
            return trainFromText(opt, sched, resumeFile, out, err);
        }
        if (StreamedTraining.handles(task.data)) {
            out.printf("data: in memory, %s: its rows fit the heap's budget of %s%n", task.data.substring(4),
                    StreamedTraining.mb(HeapBudget.budget()));
        }
        TaskOptions.Prepared p = task.prepare();
        out.println(p.sizesLine());
        noteBatchLargerThanData(out, p.train().size());
        Module model = p.newModel(task.seed);
        out.printf("descent train: %s on %s (%d training samples, %d parameters), loss %s, optimizer %s, %s%n",
                task.model, task.data, p.train().size(), model.parameterCount(), p.lossName(), opt.text(),
                Descent.productsBy());
        boolean fullBatch = OptimizerSpecs.isFullBatch(opt);
        check(!fullBatch || accumulate == 1, "--accumulate", opt.name() + " trains full-batch: accumulation is for "
                + "minibatch optimizers");
        FullBatchSource fb = fullBatch ? OptimizerSpecs.fullBatch(opt, model, p.loss(), p.train()) : null;
        Optimizer optimizer = fullBatch ? fb.optimizer() : OptimizerSpecs.optimizer(opt, model.namedParameters());
        WeightAveraging averaged = averaging == null ? null : averaging.callback(model, p.train(), task.batchSize);
        Trainer.Builder b = loop(p.validation() != null, sched, resumeFile, err, averaged, optimizer)
                .callbacks(Progress.forConsole(out));
        History history = fullBatch
                ? b.topK(1).build().fit(model, fb, Validation.of(p.validation(), p.loss(), 1000, 1), epochs)
                : b.build().fit(model, p.loss(), optimizer, p.train(), p.validation(), epochs);
        if (averaged != null) {
            out.println(averaging.describe(averaged));
        }
        ModelFile.save(model, save);
        out.println("saved the model to " + save);
        if (historyFile != null) {
            history.write(historyFile);
        }
        Module evaluated = model;
        evaluated.eval();
        out.println(HeldOut.of(p.heldOutName(), evaluated, p.loss(), p.heldOut(), LossSpecs.isMargin(p.lossName())).line());
        return 0;
    }

    /** A local CSV or LIBSVM file: held in memory or streamed, as {@link StreamedTraining} decides and prints. */
    private int trainFromText(Spec opt, ScheduleSpecs.Parsed sched, Path resumeFile, PrintWriter out, PrintWriter err)
            throws java.io.IOException {
        try (StreamedTraining data = StreamedTraining.forTraining(task, shuffleBuffer, cache)) {
            return trainFromText(data, opt, sched, resumeFile, out, err);
        }
    }

    private int trainFromText(StreamedTraining data, Spec opt, ScheduleSpecs.Parsed sched, Path resumeFile,
            PrintWriter out, PrintWriter err) throws java.io.IOException {
        data.print(out);
        Module model = data.newModel(task);
        out.printf("descent train: %s on %s (%d parameters), loss %s, optimizer %s, %s%n", task.model, task.data,
                model.parameterCount(), data.lossName, opt.text(), Descent.productsBy());
        io.descent.data.StreamingRows rows = data.trainRows();
        io.descent.train.StreamingSource source = new io.descent.train.StreamingSource(model, data.loss, rows,
                data.labels == io.descent.data.StreamingRows.Labels.CLASSES);
        io.descent.train.StreamingValidation validation = data.validation();
        Optimizer optimizer = OptimizerSpecs.optimizer(opt, model.namedParameters());
        WeightAveraging averaged = averaging == null ? null : averaging.callback(model, null, task.batchSize);
        Trainer.Builder b = loop(validation != null, sched, resumeFile, err, averaged, optimizer)
                .callbacks(Progress.forConsole(out), new StreamProgress(out, rows, System.console() != null));
        History history = b.build().fit(model, optimizer, source, validation, epochs);
        if (averaged != null) {
            out.println(averaging.describe(averaged));
        }
        ModelFile.save(model, save);
        out.println("saved the model to " + save);
        if (historyFile != null) {
            history.write(historyFile);
        }
        out.println(StreamedTraining.line(data.testRows().measure(model)));
        return 0;
    }

    /** {@code --spark}: the same run, data-parallel on Spark (the descent-spark module does the work). */
    private int trainOnSpark(String master, Spec opt, ScheduleSpecs.Parsed sched, Path resumeFile, PrintWriter out,
            PrintWriter err) throws java.io.IOException {
        check(!OptimizerSpecs.isFullBatch(opt), "--optimizer", opt.name() + " trains full-batch; on Spark use a "
                + "minibatch optimizer (the library's SparkObjective gives Newton and L-BFGS the distributed risk)");
        check(accumulate == 1 || localSteps == 0, "--accumulate", "is for synchronous steps; local SGD (--local-steps) "
                + "takes its steps on the workers");
        check(partitions >= 0, "--partitions", partitions + ": expected >= 1 (0: Spark's default parallelism)");
        check(localSteps >= 0, "--local-steps", localSteps + ": expected >= 0");
        check(aggregation.equals("tree") || aggregation.equals("ordered"), "--aggregation",
                "'" + aggregation + "': expected tree or ordered");
        check(logEvery >= 1, "--log-every", logEvery + ": expected >= 1");
        check(epochs >= 1, "--epochs", epochs + ": expected >= 1 with --spark");
        check(averaging == null, averaging == null ? "" : averaging.option(), "is not available with --spark yet: the "
                + "model lives on the workers during training");
        DistributedBackend backend = sparkBackend();
        DistributedBackend.Data data;
        LossSpec loss;
        if (readsWhereDataLives(task.data)) {
            // Parsed here, so a bad --loss fails before Spark starts.
            loss = LossSpec.parse(task.loss != null ? task.loss : task.regression ? "mse" : "cross-entropy");
            // Class indices for cross-entropy; values (-1/+1 for log and hinge, 0/1 for log01 and hinge01, targets
            // for mse) otherwise.
            LibSvmFormat libsvm = loss.isClassification() ? LibSvmFormat.DEFAULT.asClasses() : LibSvmFormat.DEFAULT;
            // The rows single-machine reading holds out (by their lines' byte offsets), evaluated on the executors.
            data = DistributedBackend.Data.whereItLives(task.data,
                    csvFormat(task.data, new DataSpecs.CsvOptions(task.label, !task.noHeader, loss.isClassification())),
                    libsvm,
                    new RowSplit(0.2, DataSpecs.TEST_SPLIT_SEED));
        } else {
            TaskOptions.Prepared p = task.prepare();
            out.println(p.sizesLine());
            loss = LossSpecs.forLoadedData(p.lossName());
            data = DistributedBackend.Data.loaded(p.train(), p.validation(), p.test());
        }
        // Each shard needs a row: more partitions than rows (--partitions 2147483647) would be empty tasks by the
        // billion; for data read where it lives, the files' splits bound it (MAX_PARTITIONS).
        long rowsHere = data.train() != null ? data.train().size() : MAX_PARTITIONS;
        check(partitions <= Math.min(rowsHere, MAX_PARTITIONS), "--partitions", partitions + ": expected at most "
                + Math.min(rowsHere, MAX_PARTITIONS) + (data.train() != null ? " (the training rows)" : ""));
        Trainer.Builder loop = loop(data.validation() != null, sched, resumeFile, err, null, null);
        String modelSpec = task.model;
        long seed = task.seed;
        String optimizerText = optimizer;
        DistributedBackend.OptimizerMaker maker = ps -> OptimizerSpecs.optimizer(OptimizerSpecs.parse(optimizerText), ps);
        DistributedBackend.Job job = new DistributedBackend.Job(master, data,
                (shape, outputs) -> ModelSpecs.build(modelSpec, shape, outputs, seed), ModelSpecs.takesImages(modelSpec),
                loss, maker, opt.text(), task.batchSize, seed, epochs, partitions, localSteps, aggregation, logEvery, out,
                loop);
        DistributedBackend.Outcome outcome = backend.train(job);
        Module model = outcome.model();
        ModelFile.save(model, save);
        out.println("saved the model to " + save);
        if (historyFile != null) {
            outcome.writeHistory(historyFile);
        }
        Dataset heldOut = data.test() != null ? data.test() : data.validation();
        outcome.heldOutLine().ifPresent(out::println);
        if (heldOut != null) {
            model.eval();
            out.println(HeldOut.of(data.test() != null ? "test" : "validation", model,
                    loss.create(Reduction.MEAN), heldOut, loss.isMargin()).line());
        }
        return 0;
    }

    /** A batch larger than the data is the data: one batch per epoch, said so rather than silently. */
    private void noteBatchLargerThanData(PrintWriter out, int trainingSamples) {
        if (task.batchSize > trainingSamples) {
            out.printf("note: --batch-size %d is more than the %d training samples: each epoch is one batch of all %d%n",
                    task.batchSize, trainingSamples, trainingSamples);
        }
    }

    /** A local file's format is read from its first line (a header or not); a URL's is taken as given. */
    private static io.descent.data.CsvFormat csvFormat(String dataSpec, DataSpecs.CsvOptions csv) {
        return dataSpec.startsWith("csv:") && !dataSpec.contains("://") ? csv.format(Path.of(dataSpec.substring(4)))
                : csv.format();
    }

    /** The Spark module's backend (found through {@link java.util.ServiceLoader}), or a clear error saying how to get it. */
    private static DistributedBackend sparkBackend() {
        return DistributedBackend.find().orElseThrow(() -> new io.descent.InvalidInputException("--spark", "",
                "Spark is not on this command's class path: run it through the ./descent launcher (which adds "
                        + "spark-cli/target/descent-spark.jar and Spark's jars) or through spark-submit with descent-spark.jar"));
    }

    /**
     * Whether {@code --data} names a {@code csv:} or {@code libsvm:} URL with a scheme ({@code hdfs://},
     * {@code s3a://}, {@code file://}), or a local file too large to load here (over an eighth of the heap):
     * Spark's executors read it where it lives instead of this process.
     */
    private static boolean readsWhereDataLives(String dataSpec) {
        if (!dataSpec.startsWith("csv:") && !dataSpec.startsWith("libsvm:")) {
            return false;
        }
        if (dataSpec.contains("://")) {
            return true;
        }
        java.io.File file = new java.io.File(dataSpec.substring(dataSpec.indexOf(':') + 1));
        return file.isFile() && file.length() > Runtime.getRuntime().maxMemory() / 8;
    }

    /**
     * The one loop's settings, the same with and without Spark: seed, accumulation, schedule, early stopping,
     * weight averaging (with its optimizer, whose base rate SWA anneals from; null on Spark), checkpoints, resume,
     * and the command's specs in every checkpoint.
     */
    private Trainer.Builder loop(boolean hasValidation, ScheduleSpecs.Parsed sched, Path resumeFile, PrintWriter err,
            WeightAveraging averaged, Optimizer built) {
        Trainer.Builder b = Trainer.builder().batchSize(task.batchSize).seed(task.seed).accumulation(accumulate)
                .checkpointMetadata("command.model", task.model).checkpointMetadata("command.optimizer", optimizer);
        RunFingerprint.addTo(b, task, optimizer, schedule, accumulate, earlyStopping, patience, minDelta, shuffleBuffer,
                partitions, localSteps, aggregation);
        if (StartupTiming.enabled()) {
            b.callbacks(new StartupTiming(err));
        }
        if (earlyStopping != null) {
            check(hasValidation || earlyStopping.startsWith("train_"), "--early-stopping",
                    earlyStopping + " needs a validation split (--validation-split > 0)");
            b.callbacks(new EarlyStopping(earlyStopping, patience, minDelta, true));
        }
        if (sched != null) {
            sched.applyTo(b);
        }
        if (averaged != null) {   // before the checkpointer: a checkpoint holds the average of its epoch too
            averaging.applyScheduleTo(b, sched, built);
            b.fingerprint(averaging.option(), averaging.text()).callbacks(averaged);
        }
        if (checkpointDir != null) {
            b.callbacks(checkpointer());
        }
        if (resumeFile != null) {
            b.resumeFrom(resumeFile);
        }
        return b;
    }

    /** Epoch-end checkpoints, and in the middle of epochs when asked for by steps or minutes. */
    private Checkpointer checkpointer() {
        Checkpointer c = Checkpointer.every(checkpointDir, checkpointEvery);
        if (checkpointEverySteps > 0) {
            c.alsoEverySteps(checkpointEverySteps);
        }
        if (checkpointEveryMinutes > 0) {
            c.alsoEveryMinutes(checkpointEveryMinutes);
        }
        return c;
    }

    static void check(boolean ok, String option, String problem) {
        if (!ok) {
            throw new io.descent.InvalidInputException(option, "", problem);
        }
    }
}
