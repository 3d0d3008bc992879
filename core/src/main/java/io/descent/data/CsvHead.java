package io.descent.data;

import io.descent.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The first line of a CSV file (the header, or the first row when there is none), read once when the file is
 * opened: it fixes the number of columns and the label's position, and primes the parser of every chunk so that a
 * chunk read out of order checks its rows against the same column count.
 */
final class CsvHead {
    private final CsvFormat format;
    private final String source;
    private final byte[] line;
    private final long lineNumber;
    private final long dataStart;
    private final int features;

    private CsvHead(CsvFormat format, String source, byte[] line, long lineNumber, long dataStart) {
        this.format = format;
        this.source = source;
        this.line = line;
        this.lineNumber = lineNumber;
        this.dataStart = dataStart;
        this.features = primedParser().features();
    }

    /** Reads the header (or the first non-blank line without one) of {@code file}. */
    static CsvHead read(Path file, CsvFormat format) {
        String source = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            LineScanner lines = new LineScanner(in, source);
            while (lines.next()) {
                boolean blank = true;
                for (int i = lines.start(); i < lines.end() && blank; i++) {
                    blank = lines.buffer()[i] == ' ' || lines.buffer()[i] == '\t';
                }
                if (blank && !format.header()) {
                    continue;
                }
                byte[] b = Arrays.copyOfRange(lines.buffer(), lines.start(), lines.end());
                long dataStart = format.header() ? lines.nextOffset() : 0;
                return new CsvHead(format, source, b, lines.lineNumber(), dataStart);
            }
        } catch (IOException e) {
            throw new InvalidInputException(source, "", "cannot read: " + e, e);
        }
        throw new InvalidInputException(source, "line 1", format.header() ? "empty file; expected a header line"
                : "empty file; expected rows of numbers");
    }

    /** A parser that has seen the first line: header names, or the first row's column count. */
    CsvParser primedParser() {
        CsvParser p = new CsvParser(format, source);
        if (format.header()) {
            p.header(line, 0, line.length, lineNumber);
        } else {
            p.split(line, 0, line.length, lineNumber);
        }
        return p;
    }

    /** Feature columns: all but the label. */
    int features() {
        return features;
    }

    /** Byte offset of the first data line. */
    long dataStart() {
        return dataStart;
    }
}
