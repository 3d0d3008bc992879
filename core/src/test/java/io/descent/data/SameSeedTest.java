package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same seed, same data, same results, run after run: the whole data pipeline, built twice from nothing
 * (generate, split, scale, batch for three epochs, write to CSV and stream it back), gives identical bits;
 * another seed gives other batches. No part of the pipeline keeps global state.
 */
class SameSeedTest {
    @TempDir
    Path dir;

    /** Every value of every batch of three epochs, in order. */
    private List<Float> pipeline(long seed, String name) throws IOException {
        Dataset data = Synthetic.spirals(300, 0.05, seed);
        Split<Dataset> split = Split.trainValidation(data, 0.2, seed);
        Standardizer scaler = Standardizer.fit(split.train());
        Dataset train = scaler.transform(split.train());
        List<Float> out = new ArrayList<>();
        DataLoader loader = new DataLoader(train, 32, true, false, seed);
        for (int epoch = 0; epoch < 3; epoch++) {
            for (Batch b : loader) {
                for (float v : b.x().toFloatArray()) {
                    out.add(v);
                }
                for (int c : b.classes()) {
                    out.add((float) c);
                }
            }
        }
        StringBuilder csv = new StringBuilder("x,y,label\n");
        for (int i = 0; i < train.size(); i++) {
            csv.append(train.features().get(i, 0)).append(',').append(train.features().get(i, 1)).append(',')
                    .append(train.label(i)).append('\n');
        }
        Path file = Files.writeString(dir.resolve(name), csv);
        try (TextChunks source = TextChunks.csv(file, CsvFormat.label("label").asClasses(), 256);
                StreamingRows stream = new StreamingRows(source, name, new StreamingRows.Options(16, 40, true, seed, 2),
                        key -> true, StreamingRows.Labels.CLASSES)) {
            for (int epoch = 0; epoch < 2; epoch++) {
                stream.beginEpoch(epoch, 0);
                for (int n = stream.fill(); n > 0; n = stream.fill()) {
                    for (float v : stream.batch(n).x().toFloatArray()) {
                        out.add(v);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void theWholePipelineRepeatsBitForBit() throws IOException {
        List<Float> first = pipeline(2024, "a.csv");
        List<Float> second = pipeline(2024, "b.csv");
        List<Float> other = pipeline(2025, "c.csv");
        assertThat(first).hasSize(3 * 240 * 3 + 2 * 240 * 2);
        assertThat(second).isEqualTo(first);
        assertThat(other).hasSameSizeAs(first).isNotEqualTo(first);
    }
}
