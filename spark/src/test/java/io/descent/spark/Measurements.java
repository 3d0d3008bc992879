package io.descent.spark;

import io.descent.data.Dataset;
import io.descent.data.FashionMnist;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.optim.AdamConfig;
import io.descent.optim.Optimizers;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The measurements of spark/README.md, run on purpose (not by the test suite):
 * <pre>
 *   mvn -q -o test-compile -pl spark -am
 *   mvn -q -o exec:exec -pl spark -Dmeasure=tradeoff     (see the exec configuration in spark/pom.xml)
 * </pre>
 */
public final class Measurements {
    private Measurements() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "tradeoff";
        switch (what) {
            case "tradeoff" -> tradeoff(args);
            default -> throw new IllegalArgumentException("unknown measurement " + what);
        }
    }

    /** Accuracy per epoch and bytes per epoch, synchronous against local SGD with several k. */
    static void tradeoff(String[] args) throws Exception {
        int trainSize = args.length > 1 ? Integer.parseInt(args[1]) : 12000;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        String master = args.length > 4 ? args[4] : "local[2]";
        int partitions = args.length > 5 ? Integer.parseInt(args[5]) : 2;
        double lr = args.length > 6 ? Double.parseDouble(args[6]) : 1e-3;
        FashionMnist fm = FashionMnist.load();
        Dataset train = fm.train().flattened().subset(range(trainSize));
        Dataset test = fm.test().flattened();
        try (SparkSession spark = SparkSessions.embedded(master)) {
            SparkData data = SparkData.of(spark, train, partitions);
            System.out.printf(Locale.ROOT, "Fashion-MNIST, %d training samples in %d partitions (%s), softmax "
                    + "regression 784x10, Adam lr %g, batch %d, %d epochs; accuracy on the 10000 test images%n",
                    trainSize, partitions, master, lr, batch, epochs);
            for (int k : new int[] {0, 4, 8, 16, 32}) {
                Module model = Models.linear(784, 10);
                OptimizerFactory adam = p -> Optimizers.adam(p, AdamConfig.defaults().withLr(lr));
                SparkConfig c = SparkConfig.defaults().withBatchSize(batch).withEpochs(epochs).withSeed(1)
                        .withEvaluator(m -> Metrics.accuracy(m, test));
                if (k > 0) {
                    c = c.withLocalSgd(k);
                }
                long t0 = System.nanoTime();
                History h = SparkTraining.fit(spark, model, LossSpec.crossEntropy(), adam, data, c);
                double s = (System.nanoTime() - t0) / 1e9;
                StringBuilder acc = new StringBuilder();
                long bytes = 0;
                for (EpochRecord e : h.epochs()) {
                    acc.append(String.format(Locale.ROOT, " %.2f%%", 100 * e.metric()));
                    bytes += e.bytesBroadcast() + e.bytesAggregated();
                }
                System.out.printf(Locale.ROOT, "%-14s accuracy per epoch:%s | %s per epoch | %d jobs | %.1f s%n",
                        k == 0 ? "synchronous" : "local SGD k=" + k, acc, ProgressLine.bytes(bytes / epochs),
                        h.steps().size(), s);
            }
            data.unpersist();
        }
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
