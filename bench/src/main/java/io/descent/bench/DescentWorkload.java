package io.descent.bench;

import io.descent.data.Batch;
import io.descent.data.DataLoader;
import io.descent.data.Dataset;
import io.descent.data.FashionMnist;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.nn.Predictor;
import io.descent.optim.AdamConfig;
import io.descent.optim.Optimizer;
import io.descent.optim.Optimizers;
import io.descent.optim.SgdConfig;
import io.descent.tensor.DType;
import io.descent.tensor.Backends;
import io.descent.tensor.Gemm;
import io.descent.tensor.Tensor;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Iterator;
import java.util.Locale;

/**
 * One workload in this JVM, the Descent side of {@link BenchRunner} (which starts a fresh JVM per run, so
 * that the peak resident memory it reports belongs to one workload). The training loop is the plain one a
 * user writes with the library's pieces, the same steps as the PyTorch peer's loop:
 *
 * <pre>
 *   batch from the DataLoader (shuffled every epoch) -> zeroGrad -> forward -> cross-entropy -> backward
 *   -> optimizer step -> loss.item()
 * </pre>
 *
 * <p>Arguments: {@code WORKLOAD [--warmup N] [--steps N] [--seed N]}, or {@code mlp-adam --epochs N} for the
 * memory soak: N whole epochs with one line of heap and resident memory after each. Prints
 * {@code RESULT samples_per_s=.. peak_rss_mb=.. loss=.. seconds=.. samples=..}.
 */
public final class DescentWorkload {
    private DescentWorkload() {
    }

    public static void main(String[] args) {
        Workload w = Workload.byId(args[0]);
        int warmup = w.warmup;
        int steps = w.steps;
        int epochs = 0;
        long seed = 0;
        for (int i = 1; i < args.length; i += 2) {
            int v = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--warmup" -> warmup = v;
                case "--steps" -> steps = v;
                case "--epochs" -> epochs = v;
                case "--seed" -> seed = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        FashionMnist data = FashionMnist.load();   // both splits, as the peer and `descent train` load them
        Module model = model(w, seed);
        double[] result;
        long gc0;
        if (w == Workload.INFERENCE) {
            Tensor x = data.test().flattened().features();
            Predictor predictor = new Predictor(model, w.batch);
            infer(predictor, x, w.batch, warmup);
            collectStartupGarbage();
            gc0 = gcMillis();
            long t0 = System.nanoTime();
            result = infer(predictor, x, w.batch, steps);
            result = new double[] {result[0], result[1], (System.nanoTime() - t0) / 1e9};
        } else {
            Dataset train = w == Workload.CNN ? data.train() : data.train().flattened();
            Training t = new Training(model, optimizer(w, model), new DataLoader(train, w.batch, true, false, seed));
            if (epochs > 0) {
                soak(t, epochs);
                return;
            }
            t.steps(warmup);
            collectStartupGarbage();
            gc0 = gcMillis();
            long t0 = System.nanoTime();
            double[] r = t.steps(steps);
            result = new double[] {r[0], r[1], (System.nanoTime() - t0) / 1e9};
        }
        System.out.printf(Locale.ROOT, "RESULT samples_per_s=%.1f peak_rss_mb=%.1f loss=%.5f seconds=%.3f samples=%d "
                + "gc_ms=%d blas=%s gemm_threads=%s products=%s%n", result[1] / result[2], ProcStatus.peakRssMb(), result[0],
                result[2], (long) result[1], gcMillis() - gc0, Gemm.implementation(), Gemm.threading(),
                Launcher.field(Backends.describe()));
    }

    static Module model(Workload w, long seed) {
        return switch (w) {
            case LOGREG -> Models.linear(784, 10, seed, DType.FLOAT32);
            case MLP, INFERENCE -> Models.mlp(784, 10).hidden(1000, 1000).seed(seed).build();
            case MLP_BN -> Models.mlp(784, 10).hidden(1000, 1000).batchNorm(true).seed(seed).build();
            case CNN -> Models.cnn(seed, DType.FLOAT32);
        };
    }

    /** The peer's settings: Adam with PyTorch's defaults, or SGD lr 0.05 with Nesterov momentum 0.9. */
    static Optimizer optimizer(Workload w, Module model) {
        return w == Workload.MLP_BN
                ? Optimizers.sgd(model.parameters(), SgdConfig.defaults().withLr(0.05).withMomentum(0.9).withNesterov(true))
                : Optimizers.adam(model.parameters(), AdamConfig.defaults());
    }

    /**
     * {@code steps} batches of inference over consecutive slices of {@code x}, through the library's batch
     * inference ({@link Predictor#predict}: evaluation mode, nothing recorded, the hidden layers' buffers reused
     * from batch to batch and call to call) one pass over x at a time: {checksum, samples}.
     */
    static double[] infer(Predictor predictor, Tensor x, int batch, int steps) {
        double checksum = 0;
        long samples = 0;
        long wanted = (long) steps * batch;
        while (samples < wanted) {
            int rows = (int) Math.min(x.dim(0), wanted - samples);
            checksum += predictor.predict(x.sliceRows(0, rows)).getFlat(0);
            samples += rows;
        }
        return new double[] {checksum, samples};
    }

    /** The training loop, drawing batches epoch after epoch. */
    static final class Training {
        private final Module model;
        private final Optimizer optimizer;
        private final DataLoader loader;
        private final CrossEntropyLoss loss = new CrossEntropyLoss();
        private Iterator<Batch> epoch;

        Training(Module model, Optimizer optimizer, DataLoader loader) {
            this.model = model;
            this.optimizer = optimizer;
            this.loader = loader;
            this.epoch = loader.iterator();
        }

        /** Runs {@code n} steps: {mean loss, samples}. */
        double[] steps(int n) {
            double lossSum = 0;
            long samples = 0;
            for (int s = 0; s < n; s++) {
                if (!epoch.hasNext()) {
                    epoch = loader.iterator();
                }
                Batch b = epoch.next();
                optimizer.zeroGrad();
                Tensor l = loss.apply(model.forward(b.x()), b.y());
                l.backward();
                optimizer.step();
                lossSum += l.item() * b.size();
                samples += b.size();
            }
            return new double[] {lossSum / Math.max(1, samples), samples};
        }
    }

    /** Whole epochs, with the heap (live after the last old-generation collection) and resident memory after each. */
    static void soak(Training t, int epochs) {
        int perEpoch = t.loader.batchesPerEpoch();
        System.out.printf("%5s %8s %10s %14s %13s %11s %11s%n", "epoch", "seconds", "loss", "heap used MB",
                "old live MB", "RSS MB", "peak RSS MB");
        for (int e = 1; e <= epochs; e++) {
            long t0 = System.nanoTime();
            double[] r = t.steps(perEpoch);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Runtime rt = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "%5d %8.2f %10.5f %14.1f %13.1f %11.1f %11.1f%n", e, seconds, r[0],
                    (rt.totalMemory() - rt.freeMemory()) / 1048576.0, oldGenLiveMb(), ProcStatus.rssMb(),
                    ProcStatus.peakRssMb());
        }
    }

    /**
     * One collection before the timed steps, so that the garbage that loading the data set left in the young
     * generation (decode buffers, 100 MB and more) is not collected, and charged, during the first timed steps:
     * PyTorch frees its own at once. How much a step allocates is still measured: its collections are timed.
     */
    private static void collectStartupGarbage() {
        System.gc();
    }

    /** Milliseconds spent in garbage collection so far (all collectors). */
    private static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /** Heap in use after the last collection of the tenured pool: the live set, without forcing a GC. */
    private static double oldGenLiveMb() {
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null
                    && pool.getName().matches(".*(Old|Tenured).*")) {
                live += pool.getCollectionUsage().getUsed();
            }
        }
        return live / 1048576.0;
    }
}
