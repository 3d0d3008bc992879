package io.descent.data;

import io.descent.InvalidInputException;
import io.descent.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads LIBSVM/SVMlight sparse text, the usual format of large linear data sets, into a
 * {@link SparseDataset}: one row per line, {@code label index:value ...} with 1-based increasing indices,
 * an optional {@code qid:n} after the label (ignored) and comments after '#'. A malformed line is an
 * {@link InvalidInputException} naming the line and the token, and nothing is returned. For files larger
 * than memory, see {@link TextChunks} and {@link StreamingRows}.
 *
 * <pre>{@code
 * SparseDataset rcv1 = LibSvmReader.read(Path.of("rcv1_train.binary"), LibSvmFormat.DEFAULT);  // labels ±1
 * Tensor scores = rcv1.features().matmul(w);
 * }</pre>
 */
public final class LibSvmReader {
    private LibSvmReader() {
    }

    public static SparseDataset read(Path file, LibSvmFormat format) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), format);
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "", "cannot read: " + e, e);
        }
    }

    /** Reads LIBSVM text held in memory; {@code source} names it in errors. */
    public static SparseDataset read(byte[] content, String source, LibSvmFormat format) {
        return read(new ByteArrayInputStream(content), source, format);
    }

    private static SparseDataset read(InputStream in, String source, LibSvmFormat format) {
        LineScanner lines = new LineScanner(in, source);
        LibSvmParser parser = new LibSvmParser(source, format);
        IntList rowPtr = new IntList(1 << 10);
        IntList cols = new IntList(1 << 12);
        FloatList vals = new FloatList(1 << 12);
        FloatList labels = new FloatList(1 << 10);
        rowPtr.add(0);
        float maxLabel = -1;
        while (lines.next()) {
            if (!parser.parse(lines.buffer(), lines.start(), lines.end(), lines.lineNumber(), cols, vals)) {
                continue;
            }
            if (!rowPtr.reserve(1) || !labels.reserve(1)) {
                throw new InvalidInputException(source, "line " + lines.lineNumber(), "more rows than one array holds");
            }
            rowPtr.add(cols.size());
            labels.add(parser.label());
            maxLabel = Math.max(maxLabel, parser.label());
        }
        int n = labels.size();
        int d = format.numFeatures() > 0 ? format.numFeatures() : parser.maxIndex();
        CsrMatrix x = CsrMatrix.trusted(n, d, rowPtr.toArray(), cols.toArray(), vals.toArray());
        return new SparseDataset(x, Tensor.wrap(labels.toArray(), n), format.classes() ? (int) maxLabel + 1 : 0);
    }
}
