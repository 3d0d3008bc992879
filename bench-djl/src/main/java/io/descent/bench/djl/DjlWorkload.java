package io.descent.bench.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One workload of {@code descent bench} on libtorch 2.7.1 through DJL 0.36, the JVM twin of
 * {@code bench/peers/torch_workload.py}: the same data (Fashion-MNIST, both splits, pixels / 255), models,
 * optimizers (Adam lr 1e-3 with torch's defaults; SGD lr 0.05 with Nesterov momentum 0.9), batch 128 reshuffled
 * every epoch, and the same timed step: batch gather, forward, cross-entropy, backward, optimizer step,
 * {@code loss.item()}. Inference runs the MLP without recording on consecutive slices of 1000 test images.
 *
 * <pre>
 *   java -Doffline=true -cp descent-bench-djl.jar:$(cat classpath.txt) io.descent.bench.djl.DjlWorkload \
 *       mlp-adam --warmup 40 --steps 300 --threads 2
 * </pre>
 *
 * Prints {@code RESULT samples_per_s=.. peak_rss_mb=.. loss=.. seconds=.. samples=..} as the Python peer does.
 */
public final class DjlWorkload {
    private static final int BATCH = 128;
    private static final int INFER_BATCH = 1000;

    private DjlWorkload() {
    }

    public static void main(String[] args) throws Exception {
        String workload = args[0];
        int warmup = 20;
        int steps = 100;
        int threads = 2;
        for (int i = 1; i + 1 < args.length; i += 2) {
            int v = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--warmup" -> warmup = v;
                case "--steps" -> steps = v;
                case "--threads" -> threads = v;
                case "--seed" -> { }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        // libtorch's intra-op pool (at::set_num_threads), as torch.set_num_threads in the Python peer.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Path dir = Path.of(System.getenv().getOrDefault("FMNIST_DIR", "/usr/share/datasets/fashion-mnist"));
        boolean cnn = workload.equals("cnn-adam");
        // Both splits, as the Python peer and Descent hold them: the peak RSS compares like with like (this peer
        // held only the split it used, 31 or 188 MB less than the others).
        float[] train = IdxImages.images(dir, "train");
        float[] test = IdxImages.images(dir, "t10k");
        float[] x = workload.equals("mlp-inference") ? test : train;
        long[] y = IdxImages.labels(dir, "train");
        Engine.getEngine("PyTorch");
        try (Model model = Model.newInstance(workload, "PyTorch")) {
            model.setBlock(block(workload));
            Shape input = cnn ? new Shape(BATCH, 1, 28, 28) : new Shape(BATCH, 784);
            double[] r;
            if (workload.equals("mlp-inference")) {
                r = infer(model, x, warmup, steps);
            } else {
                DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(optimizer(workload));
                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(input);
                    r = train(trainer, input, x, y, warmup, steps);
                }
            }
            System.out.printf(Locale.ROOT, "RESULT samples_per_s=%.1f peak_rss_mb=%.1f loss=%.5f seconds=%.3f "
                    + "samples=%d threads=%d%n", r[1] / r[2], peakRssMb(), r[0], r[2], (long) r[1], threads);
            java.lang.ref.Reference.reachabilityFence(train);     // held to the end, as the other peers hold it
            java.lang.ref.Reference.reachabilityFence(test);
        }
    }

    /** The peers' models: logistic regression, the MLP (with BatchNorm for the Nesterov workload), the CNN. */
    static Block block(String workload) {
        SequentialBlock b = new SequentialBlock();
        switch (workload) {
            case "logreg-adam" -> b.add(Linear.builder().setUnits(10).build());
            case "cnn-adam" -> b.add(conv(32)).add(Activation::relu).add(Pool.maxPool2dBlock(new Shape(2, 2)))
                    .add(conv(64)).add(Activation::relu).add(Pool.maxPool2dBlock(new Shape(2, 2)))
                    .add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(256).build())
                    .add(Activation::relu).add(Linear.builder().setUnits(10).build());
            case "mlp-adam", "mlp-inference", "mlp-bn-sgd-nesterov" -> {
                for (int h = 0; h < 2; h++) {
                    b.add(Linear.builder().setUnits(1000).build());
                    if (workload.equals("mlp-bn-sgd-nesterov")) {
                        b.add(BatchNorm.builder().build());
                    }
                    b.add(Activation::relu);
                }
                b.add(Linear.builder().setUnits(10).build());
            }
            default -> throw new IllegalArgumentException("unknown workload '" + workload + "'");
        }
        return b;
    }

    private static Block conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(5, 5)).optPadding(new Shape(2, 2)).setFilters(filters).build();
    }

    static Optimizer optimizer(String workload) {
        return workload.equals("mlp-bn-sgd-nesterov") ? new TorchNesterov(0.05f, 0.9f)
                : Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
    }

    /** warmup untimed then steps timed training steps: {mean loss, samples, seconds}. */
    private static double[] train(Trainer trainer, Shape input, float[] x, long[] y, int warmup, int steps) {
        int n = y.length;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Random rnd = new Random(0);
        float[] xb = new float[BATCH * 784];
        long[] yb = new long[BATCH];
        List<NDArray> weights = new ArrayList<>();
        for (Parameter p : trainer.getModel().getBlock().getParameters().values()) {
            if (p.requiresGradient()) {   // not BatchNorm's running statistics
                weights.add(p.getArray());
            }
        }
        int pos = n;
        double lossSum = 0;
        long samples = 0;
        long t0 = 0;
        for (int s = 0; s < warmup + steps; s++) {
            if (s == warmup) {
                t0 = System.nanoTime();
                lossSum = 0;
                samples = 0;
            }
            if (pos + BATCH > n) {
                shuffle(perm, rnd);
                pos = 0;
            }
            for (int i = 0; i < BATCH; i++) {   // x[idx], y[idx]: the gather of the peer's loop
                System.arraycopy(x, perm[pos + i] * 784, xb, i * 784, 784);
                yb[i] = y[perm[pos + i]];
            }
            pos += BATCH;
            try (NDManager step = trainer.getManager().newSubManager()) {
                NDArray xs = step.create(FloatBuffer.wrap(xb), input);
                NDArray ys = step.create(LongBuffer.wrap(yb), new Shape(BATCH));
                NDArray loss;
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDList out = trainer.forward(new NDList(xs));
                    loss = trainer.getLoss().evaluate(new NDList(ys), out);
                    gc.backward(loss);
                }
                trainer.step();
                for (NDArray w : weights) {   // optimizer.zero_grad(): libtorch adds each backward's gradients
                    try (NDArray g = w.getGradient()) {
                        g.subi(g);
                    }
                }
                lossSum += loss.getFloat() * BATCH;
                samples += BATCH;
            }
        }
        return new double[] {lossSum / Math.max(1, samples), samples, (System.nanoTime() - t0) / 1e9};
    }

    /** The MLP in inference mode on consecutive slices of the test set: {checksum, samples, seconds}. */
    private static double[] infer(Model model, float[] x, int warmup, int steps) {
        NDManager manager = model.getNDManager();
        int rows = x.length / 784;
        NDArray all = manager.create(FloatBuffer.wrap(x), new Shape(rows, 784));
        Block block = model.getBlock();
        block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(INFER_BATCH, 784));
        ParameterStore ps = new ParameterStore(manager, false);
        double checksum = 0;
        long samples = 0;
        long t0 = 0;
        for (int s = 0; s < warmup + steps; s++) {
            if (s == warmup) {
                t0 = System.nanoTime();
                checksum = 0;
                samples = 0;
            }
            int i = (s * INFER_BATCH) % rows;
            try (NDManager step = manager.newSubManager()) {
                NDArray slice = all.get(i + ":" + (i + INFER_BATCH));
                slice.attach(step);
                NDArray out = block.forward(ps, new NDList(slice), false).singletonOrThrow();
                out.attach(step);
                checksum += out.getFloat(0, 0);
                samples += INFER_BATCH;
            }
        }
        return new double[] {checksum, samples, (System.nanoTime() - t0) / 1e9};
    }

    private static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static double peakRssMb() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.split("\\s+")[1]) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
