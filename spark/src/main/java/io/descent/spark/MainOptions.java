package io.descent.spark;

import io.descent.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@link SparkMain}: {@code --name value} (or {@code --name=value}) options and a few
 * flags, checked against the known names; values are typed on access, with messages naming the option.
 */
final class MainOptions {
    static final Set<String> FLAGS = Set.of("header", "no-header", "classes", "help");
    static final List<String> NAMES = List.of("master", "data", "validation", "label", "delimiter", "features",
            "num-classes", "partitions", "model", "model-seed", "loss", "optimizer", "lr", "momentum", "weight-decay",
            "batch-size", "epochs", "steps", "seed", "drop-last", "local-steps", "aggregation", "tree-depth",
            "checkpoint", "checkpoint-every", "resume", "out", "history", "log-every");

    private final Map<String, String> values = new LinkedHashMap<>();

    static MainOptions parse(String[] args) {
        MainOptions o = new MainOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new InvalidInputException("command line", "argument " + (i + 1), "'" + a + "' is not an option; "
                        + "options look like --name value (see --help)");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (FLAGS.contains(name)) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new InvalidInputException("--" + name, "", "needs a value");
            }
            if (!FLAGS.contains(name) && !NAMES.contains(name)) {
                throw new InvalidInputException("--" + name, "", "unknown option (see --help)");
            }
            if (o.values.put(name, value) != null) {
                throw new InvalidInputException("--" + name, "", "given twice");
            }
        }
        return o;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new InvalidInputException("--" + name, "", "is required (see --help)");
        }
        return v;
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    int integer(String name, int fallback, int min) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min) {
                throw new InvalidInputException("--" + name, "", n + " is below the smallest allowed, " + min);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--" + name, "", "'" + v + "' is not an integer", e);
        }
    }

    double number(String name, double fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d) || d < 0) {
                throw new InvalidInputException("--" + name, "", v + " must be a finite number, 0 or more");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--" + name, "", "'" + v + "' is not a number", e);
        }
    }

    static String help() {
        return """
                Usage: spark-submit --class io.descent.spark.SparkMain descent-spark.jar --data FORMAT:PATH [options]
                   or: java -cp <descent-spark.jar and Spark's jars> io.descent.spark.SparkMain --master 'local[2]' ...

                Data
                  --data libsvm:PATH | csv:PATH | idx:IMAGES,LABELS | fashion-mnist[:DIR]
                                         training data, read by the executors (any Hadoop path: hdfs://, s3a://)
                  --validation SPEC      data of the same kinds, evaluated on the driver at each epoch's end
                  --label NAME|INDEX     CSV label column (default -1, the last); a name implies --header
                  --header, --no-header  whether the CSV file starts with column names
                  --delimiter C          CSV field separator (default ,)
                  --classes              labels are class indices (CSV, LIBSVM; implied by --loss cross-entropy)
                  --features N           LIBSVM: the number of features (default: the largest index seen)
                  --num-classes N        IDX: the number of classes (default 10)
                  --partitions N         shards of the training data (default: Spark's default parallelism)
                Model and training
                  --model linear | mlp:H1,H2,... | cnn   (default linear; cnn takes 1x28x28 images)
                  --model-seed N         seed of the initial weights (default 0)
                  --loss cross-entropy | square | log | log01 | hinge | hinge01   (default cross-entropy)
                  --optimizer sgd | adam | adamw | adagrad | rmsprop              (default adam)
                  --lr X, --momentum X, --weight-decay X
                  --batch-size N (default 128), --epochs N (default 1), --steps N (instead of epochs)
                  --seed N               seed of the minibatch order (default 0)
                  --drop-last true|false drop the short last batch of each epoch (default false)
                  --local-steps K        local SGD: K steps per partition between averagings (default 0: synchronous)
                  --aggregation tree|ordered, --tree-depth N (default tree, 2)
                Files
                  --out PATH             the trained model (safetensors with its architecture)
                  --history PATH         per-step history: .csv, or .json with the epochs too
                  --checkpoint PATH, --checkpoint-every N, --resume PATH
                  --log-every N          a progress line every N steps (default 10)
                Spark
                  --master URL           when not started by spark-submit (default local[*]); local masters run
                                         embedded on 127.0.0.1 with the UI off; local[N,F] retries failed tasks
                """;
    }
}
