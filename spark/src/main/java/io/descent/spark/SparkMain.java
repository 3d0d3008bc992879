package io.descent.spark;

import io.descent.InvalidInputException;
import io.descent.data.CsvFormat;
import io.descent.data.Dataset;
import io.descent.data.FashionMnist;
import io.descent.data.LibSvmFormat;
import io.descent.io.ModelFile;
import io.descent.nn.Module;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Training on a Spark cluster from the command line:
 * <pre>
 *   spark-submit --class io.descent.spark.SparkMain descent-spark.jar \
 *       --data libsvm:hdfs:///data/a9a --loss log --model linear --optimizer adam --lr 0.01 \
 *       --batch-size 512 --epochs 5 --partitions 16 --out a9a.safetensors --history a9a.json
 * </pre>
 * Without spark-submit, {@code --master 'local[2]'} runs Spark inside this process. {@code --help} lists the
 * options. Exit status: 0 done, 1 an I/O error, 2 bad options or input.
 */
public final class SparkMain {
    private SparkMain() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the command in this process (Spark from {@code --master}, spark-submit's settings, or local[*]) and
     * returns the exit status: what a command line that delegates to this one calls.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, null);
    }

    /**
     * Runs the command with the session {@code spark} gives, or with a session made from the options (and
     * stopped at the end) when it is null. Options are checked before Spark starts.
     */
    static int run(String[] args, PrintStream out, PrintStream err, Supplier<SparkSession> spark) {
        try {
            MainOptions o = MainOptions.parse(args);
            if (o.flag("help")) {
                out.print(MainOptions.help());
                return 0;
            }
            Run r = new Run(o, out);
            SparkSession session = spark != null ? spark.get() : session(o);
            try {
                r.train(session);
            } finally {
                if (spark == null) {
                    session.stop();
                }
            }
            return 0;
        } catch (InvalidInputException | IllegalArgumentException e) {
            err.println("descent-spark: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("descent-spark: " + e);
            return 1;
        }
    }

    private static SparkSession session(MainOptions o) {
        if (o.has("master")) {
            return SparkSessions.embedded(o.string("master", ""));
        }
        if (System.getProperty("spark.master") != null) { // set by spark-submit
            return SparkSession.builder().appName("descent").getOrCreate();
        }
        return SparkSessions.embedded("local[*]");
    }

    /** A training run as the options describe it, checked before any data is read. */
    private static final class Run {
        private final MainOptions o;
        private final PrintStream out;
        private final LossSpec loss;
        private final String modelSpec;
        private final OptimizerChoice optimizer;
        private final SparkConfig config;

        Run(MainOptions o, PrintStream out) {
            this.o = o;
            this.out = out;
            this.loss = LossSpec.parse(o.string("loss", "cross-entropy"));
            this.modelSpec = o.string("model", "linear");
            this.optimizer = new OptimizerChoice(o.string("optimizer", "adam"), o.number("lr", Double.NaN),
                    o.number("momentum", 0), o.number("weight-decay", Double.NaN));
            this.config = config(o, out);
            o.required("data");
        }

        void train(SparkSession spark) throws IOException {
            int partitions = o.integer("partitions", spark.sparkContext().defaultParallelism(), 1);
            SparkData data = shaped(read(spark, o.required("data"), o, loss, partitions, true));
            Module model = MainModels.build(modelSpec, data.shape(), loss, o.integer("model-seed", 0, 0));
            SparkConfig c = config;
            if (o.has("validation")) {
                SparkData v = read(spark, o.required("validation"), o, loss, 1, false);
                Dataset validation = shaped(v).collect();
                v.unpersist();
                c = c.withEvaluator(loss.isClassification() ? m -> Metrics.accuracy(m, validation)
                        : m -> Metrics.meanLoss(m, validation, loss));
            }
            out.println("descent-spark: " + data + ", model " + model + " (" + model.parameterCount() + " parameters), "
                    + optimizer.name() + (c.isLocalSgd() ? ", local SGD with " + c.localSteps() + " local steps"
                    : ", synchronous steps"));
            History history = SparkTraining.fit(spark, model, loss, optimizer, data, c);
            data.unpersist();
            if (o.has("out")) {
                ModelFile.save(model, Path.of(o.required("out")));
            }
            if (o.has("history")) {
                Path h = Path.of(o.required("history"));
                if (h.toString().endsWith(".json")) {
                    history.writeJson(h);
                } else {
                    history.writeCsv(h);
                }
            }
        }

        private SparkData shaped(SparkData d) {
            return MainModels.takesImages(modelSpec) ? d : d.flattened();
        }
    }

    private static SparkConfig config(MainOptions o, PrintStream out) {
        SparkConfig c = SparkConfig.defaults()
                .withBatchSize(o.integer("batch-size", 128, 1))
                .withEpochs(o.integer("epochs", 1, 1))
                .withSteps(o.integer("steps", 0, 0))
                .withSeed(o.integer("seed", 0, 0))
                .withDropLast(Boolean.parseBoolean(o.string("drop-last", "false")))
                .withAggregation(aggregation(o.string("aggregation", "tree")), o.integer("tree-depth", 2, 2))
                .withProgress(out::println, o.integer("log-every", 10, 1));
        int k = o.integer("local-steps", 0, 0);
        if (k > 0) {
            c = c.withLocalSgd(k);
        }
        if (o.has("checkpoint")) {
            c = c.withCheckpoint(Path.of(o.required("checkpoint")), o.integer("checkpoint-every", 0, 0));
        }
        if (o.has("resume")) {
            c = c.withResumeFrom(Path.of(o.required("resume")));
        }
        return c;
    }

    private static Aggregation aggregation(String s) {
        return switch (s) {
            case "tree" -> Aggregation.TREE;
            case "ordered" -> Aggregation.ORDERED;
            default -> throw new InvalidInputException("--aggregation", "", "'" + s + "': expected tree or ordered");
        };
    }

    /** Data named {@code FORMAT:PATH}; {@code training} picks Fashion-MNIST's training or test files. */
    static SparkData read(SparkSession spark, String spec, MainOptions o, LossSpec loss, int partitions,
            boolean training) {
        int colon = spec.indexOf(':');
        String format = colon < 0 ? spec : spec.substring(0, colon);
        String path = colon < 0 ? "" : spec.substring(colon + 1);
        boolean classes = o.flag("classes") || loss.isClassification();
        switch (format) {
            case "libsvm" -> {
                LibSvmFormat f = LibSvmFormat.DEFAULT.withFeatures(o.integer("features", 0, 0));
                return SparkReaders.libsvm(spark, nonEmpty(path, spec), classes ? f.asClasses() : f, partitions);
            }
            case "csv" -> {
                return SparkReaders.csv(spark, nonEmpty(path, spec), csvFormat(o, classes), partitions);
            }
            case "idx" -> {
                String[] files = nonEmpty(path, spec).split(",");
                if (files.length != 2) {
                    throw new InvalidInputException("--data", "", "idx takes IMAGES,LABELS, got '" + path + "'");
                }
                return SparkReaders.idx(spark, files[0], files[1], o.integer("num-classes", 10, 1), partitions);
            }
            case "fashion-mnist" -> {
                Path dir = path.isEmpty() ? FashionMnist.DEFAULT_DIR : Path.of(path);
                String prefix = training ? "train" : "t10k";
                return SparkReaders.idx(spark, dir.resolve(prefix + "-images-idx3-ubyte.gz").toString(),
                        dir.resolve(prefix + "-labels-idx1-ubyte.gz").toString(), 10, partitions);
            }
            default -> throw new InvalidInputException("--data", "", "unknown format '" + format + "' in '" + spec
                    + "'; expected libsvm:PATH, csv:PATH, idx:IMAGES,LABELS or fashion-mnist[:DIR]");
        }
    }

    private static CsvFormat csvFormat(MainOptions o, boolean classes) {
        String label = o.string("label", "-1");
        CsvFormat f;
        try {
            f = CsvFormat.label(Integer.parseInt(label.trim()));
            if (o.flag("header")) {
                f = f.withHeader(true);
            }
        } catch (NumberFormatException e) {
            f = CsvFormat.label(label);
        }
        if (o.flag("no-header")) {
            f = f.withHeader(false);
        }
        String d = o.string("delimiter", ",");
        if (d.length() != 1) {
            throw new InvalidInputException("--delimiter", "", "'" + d + "' must be one character");
        }
        f = f.withDelimiter(d.charAt(0));
        return classes ? f.asClasses() : f;
    }

    private static String nonEmpty(String path, String spec) {
        if (path.isEmpty()) {
            throw new InvalidInputException("--data", "", "'" + spec + "' names no path");
        }
        return path;
    }
}
