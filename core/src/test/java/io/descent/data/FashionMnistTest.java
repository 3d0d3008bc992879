package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Fashion-MNIST, which CI installs from Debian's package dataset-fashion-mnist. */
class FashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void loadsTheInstalledDataSet() {
        long start = System.nanoTime();
        FashionMnist data = FashionMnist.load(Optional.empty());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Fashion-MNIST: 70000 images decoded in %.2f s%n", seconds);

        assertThat(data.train().size()).isEqualTo(60000);
        assertThat(data.test().size()).isEqualTo(10000);
        assertThat(data.train().features().shape().dims()).containsExactly(60000, 1, 28, 28);
        assertThat(data.test().flattened().features().shape().dims()).containsExactly(10000, 784);
        assertThat(data.train().numClasses()).isEqualTo(10);
        for (Dataset d : new Dataset[] {data.train(), data.test()}) {
            int[] counts = new int[10];
            for (int y : d.labels()) {
                counts[y]++;
            }
            assertThat(java.util.Arrays.stream(counts).distinct().toArray()).containsExactly(d.size() / 10); // balanced
            float[] pixels = d.features().floats();
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float p : pixels) {
                min = Math.min(min, p);
                max = Math.max(max, p);
            }
            assertThat(min).isZero();
            assertThat(max).isEqualTo(1f);
        }
        assertThat(FashionMnist.CLASSES).hasSize(10);
    }

    @Test
    void saysHowToInstallItWhenAbsent() {
        Path empty = dir.resolve("nothing-here");
        assertThatThrownBy(() -> FashionMnist.load(Optional.of(empty))).isInstanceOf(InvalidInputException.class)
                .hasMessageContainingAll("Fashion-MNIST not found in " + empty,
                        "apt-get install -y dataset-fashion-mnist", "or pass a directory holding the four IDX files",
                        "train-images-idx3-ubyte.gz");
    }

    @Test
    void loadsFromADirectoryTheUserNamesWithUncompressedFiles() throws IOException {
        Files.write(dir.resolve(FashionMnist.TRAIN_IMAGES), IdxFiles.images(20, 28, 28));
        Files.write(dir.resolve(FashionMnist.TRAIN_LABELS), IdxFiles.labels(20, 10));
        Files.write(dir.resolve(FashionMnist.TEST_IMAGES + ".gz"), IdxFiles.gzip(IdxFiles.images(5, 28, 28)));
        Files.write(dir.resolve(FashionMnist.TEST_LABELS + ".gz"), IdxFiles.gzip(IdxFiles.labels(5, 10)));
        FashionMnist data = FashionMnist.load(Optional.of(dir));
        assertThat(data.train().size()).isEqualTo(20);
        assertThat(data.test().labels()).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        Files.write(dir.resolve(FashionMnist.TRAIN_IMAGES), IdxFiles.images(2, 28, 28));
        assertThatThrownBy(() -> FashionMnist.load(Optional.of(dir)))
                .hasMessageContaining("missing train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz");
    }
}
