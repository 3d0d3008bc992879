package io.descent.bench.mllib;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The MLlib peer of {@code descent bench --data --mllib}: Spark MLlib's {@code LogisticRegression} on a LIBSVM
 * file, as its guide trains one: the file read by Spark's {@code libsvm} source into cached sparse vectors,
 * labels -1/+1 mapped to 0/1, no regularization and no standardization (the risk Descent minimizes: the mean log
 * loss), L-BFGS for at most {@code maxIter} iterations.
 *
 * <pre>
 *   java -cp descent-bench-mllib.jar:$(cat classpath.txt) io.descent.bench.mllib.MllibLogisticRegression \
 *       FILE FEATURES MASTER MAX_ITER TARGET_LOSS
 * </pre>
 *
 * Prints one line: {@code RESULT load_s=.. fit_s=.. iterations=.. seconds_to_target=.. final_loss=..
 * accuracy=..}. MLlib reports the training loss of every iterate ({@code objectiveHistory}) but not when it was
 * reached; {@code seconds_to_target} counts from the JVM's start (as the benchmark times Descent's command):
 * the start of Spark, the load and the share of the fit's time of the iterations up to the
 * first iterate at or below the target (L-BFGS iterations cost about the same: one pass over the data each, line
 * search aside), or -1 when no iterate reached it.
 */
public final class MllibLogisticRegression {
    private MllibLogisticRegression() {
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: MllibLogisticRegression FILE FEATURES MASTER MAX_ITER TARGET_LOSS");
            System.exit(2);
        }
        String file = args[0];
        int features = Integer.parseInt(args[1]);
        String master = args[2];
        int maxIter = Integer.parseInt(args[3]);
        double target = Double.parseDouble(args[4]);
        SparkSession spark = SparkSession.builder().master(master).appName("descent-bench-mllib")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            long t0 = System.nanoTime();
            Dataset<Row> data = spark.read().format("libsvm").option("numFeatures", features).load(file)
                    .withColumn("label", functions.expr("CASE WHEN label > 0 THEN 1.0 ELSE 0.0 END")).cache();
            long rows = data.count();
            double loadS = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            double fitStartS = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
            LogisticRegressionModel model = new LogisticRegression().setMaxIter(maxIter).setRegParam(0)
                    .setStandardization(false).setTol(0).fit(data);
            double fitS = (System.nanoTime() - t1) / 1e9;
            double[] history = model.summary().objectiveHistory();
            int iterations = history.length - 1;
            double toTarget = -1;
            for (int k = 0; k < history.length; k++) {
                if (history[k] <= target) {
                    toTarget = fitStartS + fitS * k / Math.max(1, iterations);
                    break;
                }
            }
            System.out.printf(Locale.ROOT, "RESULT load_s=%.3f fit_s=%.3f iterations=%d seconds_to_target=%.3f "
                    + "final_loss=%.6f accuracy=%.6f rows=%d%n", loadS, fitS, iterations, toTarget,
                    history[history.length - 1], model.summary().accuracy(), rows);
            StringBuilder h = new StringBuilder("HISTORY");
            for (double v : history) {
                h.append(String.format(Locale.ROOT, " %.6f", v));
            }
            System.out.println(h);
        } finally {
            spark.stop();
        }
    }
}
