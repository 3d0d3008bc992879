package io.descent.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.autograd.GradMode;
import io.descent.data.Dataset;
import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.EveryLayer;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.optim.AdamConfig;
import io.descent.optim.Optimizers;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import io.descent.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A trained model in eval mode predicts from 8 threads at once with results bit for bit those of one thread,
 * and predicting changes nothing in the model (BatchNorm's running statistics, Dropout's generator): the MLP
 * with BatchNorm and Dropout, the benchmark's CNN, and the network with every layer type. Half the threads
 * predict inside {@link GradMode#disabled()}, half with recording on (parameters require gradients).
 */
class ConcurrentPredictionTest {
    private static final int THREADS = 8;

    /** Trains a few steps so that BatchNorm's statistics and the weights are no longer their initial values. */
    private static Module trained(Module model, int[] sampleShape, int classes, int n, long seed) throws Exception {
        Rng rng = new Rng(seed);
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = n;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(classes);
        }
        Dataset data = Dataset.classification(Tensor.randn(rng, model.parameters().get(0).value().dtype(), shape),
                labels, classes);
        Trainer.builder().batchSize(16).seed(seed).build().fit(model, new CrossEntropyLoss(),
                Optimizers.adam(model.parameters(), AdamConfig.defaults()), data, null, 1);
        model.eval();
        return model;
    }

    private static Tensor batch(Module model, int rows, int[] sampleShape, long seed) {
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = rows;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return Tensor.randn(new Rng(seed), model.parameters().get(0).value().dtype(), shape);
    }

    private static double[] predict(Module model, Tensor x, boolean noGrad) {
        if (noGrad) {
            try (var scope = GradMode.disabled()) {
                return model.forward(x).toDoubleArray();
            }
        }
        return model.forward(x).toDoubleArray();
    }

    private static Map<String, double[]> state(Module m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }

    /**
     * Each thread predicts its own batch and a batch all threads share, {@code rounds} times, all threads
     * released at once; every result must equal the one-thread result exactly.
     */
    private static void predictsTheSameFromEightThreads(Module model, int[] sampleShape, int rows, int rounds)
            throws Exception {
        Tensor shared = batch(model, rows, sampleShape, 100);
        List<Tensor> own = new ArrayList<>();
        List<double[]> expectedOwn = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            own.add(batch(model, rows, sampleShape, 200 + t));
            expectedOwn.add(predict(model, own.get(t), true));
        }
        double[] expectedShared = predict(model, shared, true);
        assertThat(predict(model, shared, false)).as("recording on or off").containsExactly(expectedShared);
        Map<String, double[]> before = state(model);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    boolean noGrad = thread % 2 == 0;
                    start.await(30, TimeUnit.SECONDS);
                    int checked = 0;
                    for (int r = 0; r < rounds; r++) {
                        double[] mine = predict(model, own.get(thread), noGrad);
                        double[] common = predict(model, shared, noGrad);
                        if (!Arrays.equals(mine, expectedOwn.get(thread)) || !Arrays.equals(common, expectedShared)) {
                            throw new AssertionError("thread " + thread + ", round " + r + ": a prediction differs "
                                    + "from the one-thread result");
                        }
                        checked += 2;
                    }
                    return checked;
                }));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(120, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(THREADS * rounds * 2);
        } finally {
            pool.shutdownNow();
        }
        assertThat(state(model)).as("predicting changed the model").containsExactlyEntriesOf(before);
    }

    @Test
    void theMlpWithBatchNormAndDropout() throws Exception {
        Module mlp = trained(Models.mlp(20, 5).hidden(64, 32).batchNorm(true).dropout(0.3).seed(1).build(), new int[] {20}, 5, 64, 1);
        predictsTheSameFromEightThreads(mlp, new int[] {20}, 16, 40);
    }

    @Test
    void theCnn() throws Exception {
        Module cnn = trained(Models.cnn(2, DType.FLOAT32), new int[] {1, 28, 28}, 10, 4, 2);
        predictsTheSameFromEightThreads(cnn, new int[] {1, 28, 28}, 1, 2);
    }

    @Test
    void theNetworkWithEveryLayerTypeInBothPrecisions() throws Exception {
        for (DType dtype : DType.values()) {
            Module every = trained(EveryLayer.model(dtype, 3), new int[] {1, 8, 8}, 3, 64, 3);
            predictsTheSameFromEightThreads(every, new int[] {1, 8, 8}, 6, 20);
        }
    }
}
