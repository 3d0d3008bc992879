package io.descent.data;

import io.descent.InvalidInputException;
import io.descent.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a numeric CSV file into memory as a {@link Dataset}: features [N, D] float32 from every column but
 * the label, targets [N] from the label column. Blank lines are skipped; a ragged row, an empty or
 * non-numeric field, a label that is not a class index (with {@link CsvFormat#asClasses()}) is an
 * {@link InvalidInputException} naming the line and the field, and nothing is returned. For files larger
 * than memory, see {@link TextChunks} and {@link StreamingRows}.
 *
 * <pre>{@code
 * Dataset iris = CsvReader.read(Path.of("iris.csv"), CsvFormat.label("species").asClasses());
 * }</pre>
 */
public final class CsvReader {
    private CsvReader() {
    }

    public static Dataset read(Path file, CsvFormat format) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), format);
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "", "cannot read: " + e, e);
        }
    }

    /** Reads CSV text held in memory; {@code source} names it in errors. */
    public static Dataset read(byte[] content, String source, CsvFormat format) {
        return read(new ByteArrayInputStream(content), source, format);
    }

    private static Dataset read(InputStream in, String source, CsvFormat format) {
        LineScanner lines = new LineScanner(in, source);
        CsvParser parser = new CsvParser(format, source);
        if (format.header()) {
            if (!lines.next()) {
                throw new InvalidInputException(source, "line 1", "empty file; expected a header line");
            }
            parser.header(lines.buffer(), lines.start(), lines.end(), lines.lineNumber());
        }
        FloatList x = new FloatList(1 << 12);
        FloatList y = new FloatList(1 << 10);
        float maxLabel = -1;
        while (lines.next()) {
            if (!parser.split(lines.buffer(), lines.start(), lines.end(), lines.lineNumber())) {
                continue;
            }
            int d = parser.features();
            if (!x.reserve(d) || !y.reserve(1)) {
                throw new InvalidInputException(source, "line " + lines.lineNumber(), "more values than one tensor "
                        + "holds; stream the file (TextChunks, StreamingRows)");
            }
            float label = parser.parse(x.array(), x.size());
            x.grow(d);
            y.add(label);
            maxLabel = Math.max(maxLabel, label);
        }
        if (parser.features() < 0) {
            throw new InvalidInputException(source, "line 1", "no data: the file is empty");
        }
        int n = y.size();
        Tensor features = Tensor.wrap(x.toArray(), n, parser.features());
        Tensor targets = Tensor.wrap(y.toArray(), n);
        return new Dataset(features, targets, format.classes() ? (int) maxLabel + 1 : 0);
    }
}
