package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.data.CsvFormat;
import io.descent.data.CsvHeaderLine;
import io.descent.data.Dataset;
import io.descent.data.FashionMnist;
import io.descent.data.LibSvmFormat;
import io.descent.data.RowSplit;
import io.descent.data.Split;
import io.descent.data.Synthetic;
import io.descent.data.TextChunks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --data} specs: {@code fashion-mnist}, {@code idx:DIR} (the four MNIST-layout IDX files),
 * {@code csv:FILE}, {@code libsvm:FILE}, and the generated {@code moons}, {@code spirals}, {@code xor},
 * {@code blobs} (each takes {@code n=}, {@code noise=} and, for blobs, {@code classes=}).
 *
 * <p>Data without its own test set is split 80/20 with a fixed seed, so {@code descent eval} on the same
 * spec measures the very test set {@code descent train} reported on; CSV and LIBSVM rows by a seeded hash of their
 * line's byte offset ({@link #TEST_SPLIT}), the split that streamed training draws too.
 */
public final class DataSpecs {
    public static final List<String> NAMES = List.of("fashion-mnist", "idx:DIR", "csv:FILE", "libsvm:FILE", "moons",
            "spirals", "xor", "blobs");
    static final long TEST_SPLIT_SEED = 20_171_228;
    /** CSV and LIBSVM rows held out for testing, by a seeded hash of each line's byte offset (see RowSplit). */
    static final RowSplit TEST_SPLIT = new RowSplit(0.2, TEST_SPLIT_SEED);
    private static final String OPTION = "--data";
    /** A generated point: two float coordinates and a label, with the copies the splits make. */
    private static final long BYTES_PER_POINT = 48;

    /** Training data, held-out test data, and what it is. */
    public record Data(String name, Dataset train, Dataset test) {
        public int numClasses() {
            return train.numClasses();
        }

        public int[] inputShape() {
            int[] d = train.features().shape().dims();
            return java.util.Arrays.copyOfRange(d, 1, d.length);
        }
    }

    /**
     * How CSV files are read: the label column (name or index), whether the file may have a header line (false:
     * {@code --no-header}) and whether the label holds class indices.
     */
    public record CsvOptions(String label, boolean header, boolean classes) {
        public static final CsvOptions DEFAULT = new CsvOptions("-1", true, true);

        /** The reader's format: the label column by index (a name implies a header line), class indices or values. */
        public CsvFormat format() {
            CsvFormat f;
            try {
                f = CsvFormat.label(Integer.parseInt(label)).withHeader(header);
            } catch (NumberFormatException e) {
                f = CsvFormat.label(label);
            }
            return classes ? f.asClasses() : f;
        }

        /**
         * The format of a local file: a label column given by index reads a header line only when the file's first
         * line is one ({@link CsvHeaderLine}), so a file without a header loses no row; a named label needs one.
         */
        public CsvFormat format(Path file) {
            CsvFormat f = format();
            if (f.header() && f.labelName() == null && !CsvHeaderLine.firstLineIsHeader(file, f.delimiter())) {
                return f.withHeader(false);
            }
            return f;
        }
    }

    private DataSpecs() {
    }

    public static Data load(String text, CsvOptions csv) {
        if (text.startsWith("idx:")) {
            return fashionLike(text, Path.of(text.substring(4)));
        }
        if (text.startsWith("csv:")) {
            Path file = existing(text, text.substring(4));
            return TextSplit.read(text, file.toString(), TextChunks.csv(file, csv.format(file), TextChunks.DEFAULT_CHUNK_BYTES),
                    TEST_SPLIT, csv.classes());
        }
        if (text.startsWith("libsvm:")) {
            Path file = existing(text, text.substring(7));
            LibSvmFormat f = csv.classes() ? LibSvmFormat.DEFAULT.asClasses() : LibSvmFormat.DEFAULT;
            return TextSplit.read(text, file.toString(), TextChunks.libsvm(file, f, TextChunks.DEFAULT_CHUNK_BYTES),
                    TEST_SPLIT, csv.classes());
        }
        Spec s = Spec.parse(OPTION, text);
        s.checkNoPositional();
        if (List.of("moons", "spirals", "xor", "blobs").contains(s.name())) {
            int n = s.intArg("n", 1000);
            if (n > 0) { // a negative n is the generator's to refuse
                HeapBudget.check(OPTION, text, n * BYTES_PER_POINT, n + " points");
            }
        }
        try {
            return generated(text, s);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(OPTION, "'" + text + "'", e.getMessage(), e);
        }
    }

    private static Data generated(String text, Spec s) {
        Data d = switch (s.name()) {
            case "fashion-mnist" -> {
                String dir = s.stringArg("dir", null);
                yield fashionLike(text, dir == null ? null : Path.of(dir));
            }
            case "moons" -> split(text, Synthetic.moons(s.intArg("n", 1000), s.doubleArg("noise", 0.1), s.intArg("seed", 0)));
            case "spirals" -> split(text, Synthetic.spirals(s.intArg("n", 1000), s.doubleArg("noise", 0.05), s.intArg("seed", 0)));
            case "xor" -> split(text, Synthetic.xor(s.intArg("n", 1000), s.doubleArg("noise", 0.3), s.intArg("seed", 0)));
            case "blobs" -> split(text, Synthetic.blobs(s.intArg("n", 1000), s.intArg("classes", 3), s.doubleArg("noise", 0.5),
                    s.intArg("seed", 0)));
            default -> throw new InvalidInputException(OPTION, "'" + text + "'", "unknown data set '" + s.name()
                    + "'; valid: " + String.join(", ", NAMES));
        };
        s.checkAllUsed(new LinkedHashSet<>(List.of("n", "noise", "classes", "seed", "dir")));
        return d;
    }

    private static Data fashionLike(String text, Path dir) {
        FashionMnist f = FashionMnist.load(Optional.ofNullable(dir));
        return new Data(text, f.train(), f.test());
    }

    private static Data split(String text, Dataset all) {
        Split<Dataset> s = Split.trainValidation(all, 0.2, TEST_SPLIT_SEED);
        return new Data(text, s.train(), s.validation());
    }

    private static Path existing(String text, String file) {
        Path p = Path.of(file);
        String problem = io.descent.io.InputFile.problem(p);   // a directory, fifo or '-' said as such
        if (!problem.isEmpty()) {
            throw new InvalidInputException(OPTION, InvalidInputException.quote(text), problem + ", expected a "
                    + (text.startsWith("csv:") ? "CSV" : text.startsWith("libsvm:") ? "LIBSVM" : "data") + " file");
        }
        return p;
    }
}
