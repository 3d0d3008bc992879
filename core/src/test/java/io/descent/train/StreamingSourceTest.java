package io.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.data.CsvFormat;
import io.descent.data.CsvReader;
import io.descent.data.CsrMatrix;
import io.descent.data.Dataset;
import io.descent.data.LibSvmFormat;
import io.descent.data.LibSvmReader;
import io.descent.data.SparseDataset;
import io.descent.data.StreamingRows;
import io.descent.data.TextChunks;
import io.descent.loss.Labels;
import io.descent.loss.Loss;
import io.descent.loss.LossSpec;
import io.descent.loss.Reduction;
import io.descent.nn.Linear;
import io.descent.optim.Optimizers;
import io.descent.optim.SgdConfig;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming training equals in-memory training on the same rows in the same order (shuffling off). */
class StreamingSourceTest {
    private static final int ROWS = 700;
    private static final int D = 6;

    @TempDir
    Path dir;

    private static Loss logLoss() {
        return LossSpec.parse("log").withLabels(Labels.PLUS_MINUS_ONE).create(Reduction.MEAN);
    }

    private static float[] weights(Linear m) {
        return m.parameters().get(0).value().toFloatArray();
    }

    private static StreamingRows rows(TextChunks src) {
        return new StreamingRows(src, src.file().toString(), new StreamingRows.Options(32, 100, false, 0, 2), k -> true,
                StreamingRows.Labels.SIGNS);
    }

    @Test
    void denseCsvStreamedTrainsExactlyAsInMemory() throws IOException {
        Rng rng = new Rng(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ROWS; i++) {
            double s = 0;
            for (int j = 0; j < D; j++) {
                double v = rng.uniform(-1, 1);
                s += (j - 2.5) * v;
                sb.append(String.format(Locale.ROOT, "%.4f,", v));
            }
            sb.append(s > 0 ? "1" : "-1").append('\n');
        }
        Path f = dir.resolve("d.csv");
        Files.writeString(f, sb);
        CsvFormat format = CsvFormat.label(-1);
        Dataset all = CsvReader.read(f, format);
        Linear inMemory = new Linear(D, 1, true, new Rng(1));
        Trainer.builder().batchSize(32).shuffle(false).build().fit(inMemory, logLoss(),
                Optimizers.sgd(inMemory.namedParameters(), SgdConfig.defaults().withLr(0.3)), all, null, 3);

        Linear streamed = new Linear(D, 1, true, new Rng(1));
        try (TextChunks src = TextChunks.csv(f, format, 997)) { // chunks cut mid-line
            History h = Trainer.builder().build().fit(streamed,
                    Optimizers.sgd(streamed.namedParameters(), SgdConfig.defaults().withLr(0.3)),
                    new StreamingSource(streamed, logLoss(), rows(src), false), null, 3);
            assertThat(h.epochs()).hasSize(3);
        }
        assertThat(weights(streamed)).containsExactly(weights(inMemory));
        assertThat(weights(streamed)).isNotEqualTo(weights(new Linear(D, 1, true, new Rng(1))));
    }

    @Test
    void sparseLibSvmStreamedThroughForwardSparseTrainsAsInMemory() throws IOException {
        Rng rng = new Rng(5);
        int features = 40;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ROWS; i++) {
            int col = 0;
            double s = 0;
            StringBuilder row = new StringBuilder();
            while ((col += 1 + rng.nextInt(8)) <= features) {
                double v = rng.uniform(0, 1);
                s += (col % 2 == 0 ? 1 : -1) * v;
                row.append(String.format(Locale.ROOT, " %d:%.3f", col, v));
            }
            sb.append(s > 0 ? "+1" : "-1").append(row).append('\n');
        }
        Path f = dir.resolve("s.svm");
        Files.writeString(f, sb);
        SparseDataset sparse = LibSvmReader.read(f, LibSvmFormat.DEFAULT.withFeatures(features));
        Linear inMemory = new Linear(features, 1, true, new Rng(2));
        Trainer.builder().batchSize(32).shuffle(false).build().fit(inMemory, logLoss(),
                Optimizers.sgd(inMemory.namedParameters(), SgdConfig.defaults().withLr(0.3)), dense(sparse), null, 2);

        Linear streamed = new Linear(features, 1, true, new Rng(2));
        try (TextChunks src = TextChunks.libsvm(f, LibSvmFormat.DEFAULT.withFeatures(features), 1500)) {
            Trainer.builder().build().fit(streamed,
                    Optimizers.sgd(streamed.namedParameters(), SgdConfig.defaults().withLr(0.3)),
                    new StreamingSource(streamed, logLoss(), rows(src), false), null, 2);
        }
        float[] a = weights(inMemory);
        float[] b = weights(streamed);
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).as("weight %d", i).isCloseTo(a[i], within(1e-5f));
        }
        assertThat(b).isNotEqualTo(weights(new Linear(features, 1, true, new Rng(2))));
    }

    /**
     * The NaN guard after lazy sparse steps reads only the stepped weights, and still catches one that overflows:
     * row 100 (the fourth batch) alone has column 4001, valued 1e36 with the sign of its initial weight and label
     * -1, so its gradient is about 1e36 / 32 and w - lr g leaves float32's range while the loss stays finite. The
     * other rows use 39 columns, few enough of 4001 for sparse steps.
     */
    @Test
    void theNanGuardCatchesAWeightThatASparseStepSendsToInfinity() throws IOException {
        int features = 4001;
        Linear model = new Linear(features, 1, true, new Rng(2));
        String big = model.weight().value().getFlat(4000) > 0 ? "1e36" : "-1e36";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ROWS; i++) {
            String label = i % 2 == 0 ? "+1" : "-1";
            sb.append(i == 100 ? "-1 4001:" + big : label + " " + (1 + i % 30) + ":0.5 " + (31 + i % 9) + ":0.25")
                    .append('\n');
        }
        Path f = dir.resolve("inf.svm");
        Files.writeString(f, sb);
        var sgd = Optimizers.sgd(model.namedParameters(), SgdConfig.defaults().withLr(1e5));
        try (TextChunks src = TextChunks.libsvm(f, LibSvmFormat.DEFAULT.withFeatures(features), 1500)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Trainer.builder().build().fit(model, sgd,
                            new StreamingSource(model, logLoss(), rows(src), false), null, 2))
                    .isInstanceOf(TrainingDivergedException.class)
                    .hasMessageStartingWith("training diverged at epoch 1, step 5 (batch 4 of")
                    .hasMessageContaining("parameter 'weight' holds NaN or Infinity after the optimizer step");
        }
        assertThat(Float.isInfinite(model.weight().value().toFloatArray()[4000])).isTrue();
    }

    @Test
    void aShuffledStreamedRunKilledMidEpochResumesFromItsCheckpointExactly() throws IOException {
        Path f = dir.resolve("r.svm");
        Rng rng = new Rng(9);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            sb.append(rng.nextInt(2) == 0 ? "-1" : "+1").append(String.format(Locale.ROOT, " %d:%.3f %d:%.3f%n",
                    1 + rng.nextInt(5), rng.nextDouble(), 6 + rng.nextInt(5), rng.nextDouble()));
        }
        Files.writeString(f, sb);
        try (TextChunks src = TextChunks.libsvm(f, LibSvmFormat.DEFAULT, 700)) {
            Linear straight = new Linear(10, 1, true, new Rng(4));
            Trainer.builder().build().fit(straight, Optimizers.sgd(straight.namedParameters(), SgdConfig.defaults()
                    .withLr(0.2)), new StreamingSource(straight, logLoss(), shuffled(src), false), null, 3);

            Path ckpt = dir.resolve("ckpt");
            Linear first = new Linear(10, 1, true, new Rng(4));
            Callback kill = new Callback() {
                @Override
                public Decision onBatchEnd(TrainingContext ctx, int batch, double loss) {
                    if (ctx.step() == 23) {
                        throw new IllegalStateException("killed");
                    }
                    return Decision.CONTINUE;
                }
            };
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Trainer.builder()
                    .callbacks(new Checkpointer(ckpt, 1, false, null).alsoEverySteps(10), kill).build()
                    .fit(first, Optimizers.sgd(first.namedParameters(), SgdConfig.defaults().withLr(0.2)),
                            new StreamingSource(first, logLoss(), shuffled(src), false), null, 3)).hasMessage("killed");

            Linear resumed = new Linear(10, 1, true, new Rng(77));
            Trainer.builder().resumeFrom(ckpt.resolve(Checkpointer.LAST)).build().fit(resumed,
                    Optimizers.sgd(resumed.namedParameters(), SgdConfig.defaults().withLr(0.2)),
                    new StreamingSource(resumed, logLoss(), shuffled(src), false), null, 3);
            assertThat(weights(resumed)).containsExactly(weights(straight));
        }
    }

    private static StreamingRows shuffled(TextChunks src) {
        return new StreamingRows(src, "r.svm", new StreamingRows.Options(16, 64, true, 5, 2), k -> true,
                StreamingRows.Labels.SIGNS);
    }

    private static Dataset dense(SparseDataset s) {
        CsrMatrix m = s.features();
        float[] x = new float[m.rows() * m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            for (int p = m.rowPtr()[r]; p < m.rowPtr()[r + 1]; p++) {
                x[r * m.cols() + m.colIdx()[p]] = m.values()[p];
            }
        }
        return new Dataset(Tensor.wrap(x, m.rows(), m.cols()), s.targets(), 0);
    }
}
