package io.descent.data;

import io.descent.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): 28x28 grey images of 10 kinds of clothing, 60000 for
 * training and 10000 for testing, with features [N, 1, 28, 28] in [0, 1] (use {@link Dataset#flattened()}
 * for [N, 784]).
 *
 * <p>Found in {@code /usr/share/datasets/fashion-mnist}, where Debian's package
 * {@code dataset-fashion-mnist} installs it, or in a directory you name holding the four IDX files
 * (gzipped or not).
 *
 * <pre>{@code
 * FashionMnist data = FashionMnist.load(Optional.empty());
 * DataLoader loader = new DataLoader(data.train().flattened(), 128, true, false, 42);
 * }</pre>
 */
public record FashionMnist(Dataset train, Dataset test) {
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** Loads from {@link #DEFAULT_DIR}. */
    public static FashionMnist load() {
        return load(Optional.empty());
    }

    /** Loads from {@code dir}, or from {@link #DEFAULT_DIR} when empty; says how to install it when absent. */
    public static FashionMnist load(Optional<Path> dir) {
        Path d = dir.orElse(DEFAULT_DIR);
        List<String> missing = new ArrayList<>();
        Path trainImages = find(d, TRAIN_IMAGES, missing);
        Path trainLabels = find(d, TRAIN_LABELS, missing);
        Path testImages = find(d, TEST_IMAGES, missing);
        Path testLabels = find(d, TEST_LABELS, missing);
        if (!missing.isEmpty()) {
            throw new InvalidInputException(d.toString(), "", "Fashion-MNIST not found in " + d + " (missing "
                    + String.join(", ", missing) + "); install it with: apt-get install -y dataset-fashion-mnist "
                    + "(or pass a directory holding the four IDX files)");
        }
        int classes = CLASSES.size();
        return new FashionMnist(IdxReader.dataset(trainImages, trainLabels, classes),
                IdxReader.dataset(testImages, testLabels, classes));
    }

    /** {@code name.gz} or {@code name} in {@code dir}; null (and the name noted as missing) when neither is there. */
    private static Path find(Path dir, String name, List<String> missing) {
        for (Path p : new Path[] {dir.resolve(name + ".gz"), dir.resolve(name)}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        missing.add(name + ".gz");
        return null;
    }
}
