package io.descent.bench;

import io.descent.data.Dataset;
import io.descent.data.Split;
import io.descent.data.Synthetic;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.optim.AdamConfig;
import io.descent.optim.Optimizers;
import io.descent.train.Callback;
import io.descent.train.Checkpointer;
import io.descent.train.Decision;
import io.descent.train.EarlyStopping;
import io.descent.train.EpochRecord;
import io.descent.train.Trainer;
import io.descent.train.TrainingContext;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Long runs keep the heap flat: trains a small model (an MLP with BatchNorm and Dropout, Adam, validation,
 * a checkpoint and early stopping's kept weights every epoch) for 50 epochs and prints, after each epoch,
 * the heap in use after a full garbage collection, with the bytes the training thread allocated in that epoch.
 * It ends with the growth from epoch 5 to the last (a least-squares slope, bytes per epoch). Run on purpose,
 * never by the test suite:
 *
 * <pre>
 * mvn -q -o compile dependency:build-classpath -pl bench -am -Dmdep.outputFile=/tmp/bench.cp
 * java -Xmx512m -cp bench/target/classes:$(cat /tmp/bench.cp) io.descent.bench.LongRunHeap [epochs]
 * </pre>
 */
public final class LongRunHeap {
    private LongRunHeap() {
    }

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Dataset all = Synthetic.spirals(6000, 0.05, 1);
        Split<Dataset> split = Split.trainValidation(all, 0.2, 2);
        Module model = Models.mlp(2, 2).hidden(128, 128).batchNorm(true).dropout(0.1).seed(3).build();
        Path dir = Files.createTempDirectory("descent-long-run");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<double[]> rows = new ArrayList<>();
        long[] allocatedBefore = {threads.getCurrentThreadAllocatedBytes()};
        Callback heap = new Callback() {
            @Override
            public Decision onEpochEnd(TrainingContext ctx, EpochRecord record) {
                long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore[0];
                System.gc();
                System.gc();
                long used = memory.getHeapMemoryUsage().getUsed();
                rows.add(new double[] {record.epoch(), used, allocated});
                System.out.printf(Locale.ROOT, "epoch %3d  heap after GC %8.2f MiB  allocated %8.1f MiB  train_loss %.4f%n",
                        record.epoch(), used / 1048576.0, allocated / 1048576.0, record.get("train_loss"));
                allocatedBefore[0] = threads.getCurrentThreadAllocatedBytes();
                return Decision.CONTINUE;
            }
        };
        System.out.printf(Locale.ROOT, "%s: %d training samples, %d parameters, %d epochs, max heap %d MiB%n", model,
                split.train().size(), model.parameterCount(), epochs, Runtime.getRuntime().maxMemory() >> 20);
        // Checkpointer before the heap callback: each epoch's figure includes the checkpoint it wrote.
        Trainer.builder().batchSize(64).seed(4)
                .callbacks(new EarlyStopping("val_loss", epochs + 1, 0, true), Checkpointer.every(dir, 1), heap)
                .build()
                .fit(model, new CrossEntropyLoss(), Optimizers.adam(model.parameters(), AdamConfig.defaults()),
                        split.train(), split.validation(), epochs);
        summarize(rows);
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** First, last, smallest and largest heap figures, and the least-squares slope from epoch 5 on. */
    private static void summarize(List<double[]> rows) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double[] r : rows) {
            min = Math.min(min, r[1]);
            max = Math.max(max, r[1]);
        }
        List<double[]> tail = rows.subList(Math.min(4, rows.size() - 1), rows.size());
        double mx = tail.stream().mapToDouble(r -> r[0]).average().orElse(0);
        double my = tail.stream().mapToDouble(r -> r[1]).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (double[] r : tail) {
            sxy += (r[0] - mx) * (r[1] - my);
            sxx += (r[0] - mx) * (r[0] - mx);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        System.out.printf(Locale.ROOT, "heap after GC: first %.2f MiB, last %.2f MiB, min %.2f MiB, max %.2f MiB; "
                        + "slope from epoch %d on: %.0f bytes per epoch%n", rows.get(0)[1] / 1048576.0,
                rows.get(rows.size() - 1)[1] / 1048576.0, min / 1048576.0, max / 1048576.0, (int) tail.get(0)[0], slope);
    }
}
