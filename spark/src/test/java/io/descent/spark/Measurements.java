package io.descent.spark;

import io.descent.train.StepRecord;
import io.descent.train.History;
import io.descent.train.EpochRecord;
import io.descent.loss.CrossEntropyLoss;
import io.descent.train.Validation;
import io.descent.data.Dataset;
import io.descent.data.FashionMnist;
import io.descent.loss.LossSpec;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.optim.AdamConfig;
import io.descent.optim.Optimizers;
import java.util.List;
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
            case "speed" -> speed(args);
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
                        .withValidation(Validation.of(test, new CrossEntropyLoss()));
                if (k > 0) {
                    c = c.withLocalSgd(k);
                }
                long t0 = System.nanoTime();
                History h = SparkTraining.fit(spark, model, LossSpec.crossEntropy(), adam, data, c);
                double s = (System.nanoTime() - t0) / 1e9;
                StringBuilder acc = new StringBuilder();
                long bytes = (long) bytesShipped(h);
                for (EpochRecord e : h.epochs()) {
                    acc.append(String.format(Locale.ROOT, " %.2f%%", 100 * e.get("val_accuracy")));
                }
                System.out.printf(Locale.ROOT, "%-14s accuracy per epoch:%s | %s per epoch | %d jobs | %.1f s%n",
                        k == 0 ? "synchronous" : "local SGD k=" + k, acc, SparkProgress.bytes(bytes / epochs),
                        h.steps().size(), s);
            }
            data.unpersist();
        }
    }

    /**
     * Time per step on local[1] and local[2] (synchronous), and local[2] with local SGD (k = 8, costs per step
     * = per round / 8), against the single-machine loop on the same batches, for three model sizes on
     * Fashion-MNIST: medians over the steps after a warm-up run.
     */
    static void speed(String[] args) throws Exception {
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        Dataset train = FashionMnist.load().train().flattened().subset(range(16384));
        String[] names = {"linear 784x10", "mlp 784-256-10", "mlp 784-1024-1024-10"};
        List<java.util.function.Supplier<Module>> models = List.of(
            () -> Models.linear(784, 10),
            () -> Models.mlp(784, 10).hidden(256).build(),
            () -> Models.mlp(784, 10).hidden(1024, 1024).build());
        OptimizerFactory adam = p -> Optimizers.adam(p, AdamConfig.defaults().withLr(1e-3));
        warmUp(train, batch, steps, adam);
        System.out.printf(Locale.ROOT, "Fashion-MNIST, batch %d, Adam, %d steps per run, medians of steps %d..%d%n",
                batch, steps, steps / 4, steps);
        System.out.printf(Locale.ROOT, "%-22s %-12s %7s %8s %9s %9s %9s %8s %10s%n", "model (parameters)", "where",
                "steps/s", "step ms", "compute", "aggregate", "broadcast", "update", "bytes/step");
        for (int m = 0; m < models.size(); m++) {
            Module probe = models.get(m).get();
            String label = names[m] + " (" + probe.parameterCount() + ")";
            double single = singleMachineMs(models.get(m).get(), train, batch, steps, adam);
            System.out.printf(Locale.ROOT, "%-22s %-12s %7.1f %8.1f %9.1f %9s %9s %8s %10s%n", label, "one JVM",
                    1000 / single, single, single, "-", "-", "-", "-");
            for (String run : new String[] {"local[1]", "local[2]", "local[2] k=8"}) {
                String master = run.substring(0, 8);
                int k = run.endsWith("k=8") ? 8 : 1;
                try (SparkSession spark = SparkSessions.embedded(master)) {
                    int parts = master.equals("local[1]") ? 1 : 2;
                    SparkData data = SparkData.of(spark, train, parts);
                    SparkConfig c = SparkConfig.defaults().withBatchSize(batch).withSteps((long) steps * k).withSeed(1);
                    History h = SparkTraining.fit(spark, models.get(m).get(), LossSpec.crossEntropy(), adam, data,
                            k > 1 ? c.withLocalSgd(k) : c);
                    List<StepRecord> r = h.steps().subList(steps / 4, steps);
                    double total = median(r, "total_ms") / k;
                    System.out.printf(Locale.ROOT, "%-22s %-12s %7.1f %8.1f %9.1f %9.1f %9.1f %8.1f %10s%n", label,
                            run, 1000 / total, total, median(r, "compute_ms") / k,
                            median(r, "aggregate_ms") / k, median(r, "broadcast_ms") / k,
                            Double.NaN, SparkProgress.bytes((long) (r.get(0).get("bytes_broadcast")
                                    + r.get(0).get("bytes_aggregated")) / k));
                    data.unpersist();
                }
            }
        }
    }

    /** Runs every code path once, so that the first measured session does not pay for the JIT. */
    static void warmUp(Dataset train, int batch, int steps, OptimizerFactory adam) throws Exception {
        singleMachineMs(Models.linear(784, 10), train, batch, steps, adam);
        try (SparkSession spark = SparkSessions.embedded("local[2]")) {
            SparkData data = SparkData.of(spark, train, 2);
            SparkTraining.fit(spark, Models.linear(784, 10), LossSpec.crossEntropy(), adam, data,
                    SparkConfig.defaults().withBatchSize(batch).withSteps(2L * steps));
            data.unpersist();
        }
    }

    /** Median milliseconds per step of the plain loop: forward, backward and Adam on the same batches. */
    static double singleMachineMs(Module model, Dataset train, int batch, int steps, OptimizerFactory factory) {
        io.descent.optim.Optimizer opt = factory.create(model.parameters());
        io.descent.loss.CrossEntropyLoss loss = new io.descent.loss.CrossEntropyLoss();
        io.descent.data.DataLoader loader = new io.descent.data.DataLoader(train, batch, true, false, 1);
        java.util.Iterator<io.descent.data.Batch> it = loader.iterator();
        double[] ms = new double[steps];
        for (int t = 0; t < steps; t++) {
            if (!it.hasNext()) {
                it = loader.iterator();
            }
            long t0 = System.nanoTime();
            io.descent.data.Batch b = it.next();
            opt.zeroGrad();
            loss.apply(model.forward(b.x()), b.y()).backward();
            opt.step();
            ms[t] = (System.nanoTime() - t0) / 1e6;
        }
        double[] tail = java.util.Arrays.copyOfRange(ms, steps / 4, steps);
        java.util.Arrays.sort(tail);
        return tail[tail.length / 2];
    }

    static double median(List<StepRecord> records, String metric) {
        double[] v = records.stream().mapToDouble(r -> r.get(metric)).sorted().toArray();
        return v[v.length / 2];
    }

    /** Bytes broadcast plus bytes aggregated over every step record of a run. */
    static double bytesShipped(History h) {
        return h.steps().stream().mapToDouble(r -> r.get("bytes_broadcast") + r.get("bytes_aggregated")).sum();
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
