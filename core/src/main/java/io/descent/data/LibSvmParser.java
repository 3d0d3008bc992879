package io.descent.data;

import io.descent.InvalidInputException;

/**
 * Parses one line of LIBSVM/SVMlight text: {@code label [qid:n] index:value index:value ... [# comment]},
 * indices 1-based and increasing, fields separated by spaces or tabs. Appends the entries to the caller's
 * lists (columns 0-based) without allocating.
 */
final class LibSvmParser {
    private final String source;
    private final LibSvmFormat format;
    private final int limit;
    private float label;
    private int maxIndex;
    private long lineNumber;
    private int lineStart;

    LibSvmParser(String source, LibSvmFormat format) {
        this(source, format, format.numFeatures() > 0 ? format.numFeatures() : Integer.MAX_VALUE);
    }

    /** A parser that refuses indices above {@code maxIndexAllowed}. */
    LibSvmParser(String source, LibSvmFormat format, int maxIndexAllowed) {
        this.source = source;
        this.format = format;
        this.limit = maxIndexAllowed;
    }

    /** The label of the line parsed last. */
    float label() {
        return label;
    }

    /** The largest feature index (1-based) seen so far: the number of features of the file. */
    int maxIndex() {
        return maxIndex;
    }

    /** Parses a line into {@code cols} and {@code vals}; false for a blank or comment-only line. */
    boolean parse(byte[] b, int s, int e, long number, IntList cols, FloatList vals) {
        lineNumber = number;
        lineStart = s;
        int end = s;
        while (end < e && b[end] != '#') {
            end++;
        }
        int pos = skipBlanks(b, s, end);
        if (pos == end) {
            return false;
        }
        int t = tokenEnd(b, pos, end);
        label = Numbers.parseFloat(b, pos, t);
        if (Float.isNaN(label) || Float.isInfinite(label)) {
            throw error(b, pos, t, "the label is not a finite number");
        }
        if (format.classes() && !Numbers.isClassIndex(label)) {
            throw error(b, pos, t, "the label is not a class index (a non-negative integer); -1/+1 labels are for the log and hinge losses");
        }
        int previous = 0;
        boolean first = true;
        for (pos = skipBlanks(b, t, end); pos < end; pos = skipBlanks(b, t, end)) {
            t = tokenEnd(b, pos, end);
            int colon = pos;
            while (colon < t && b[colon] != ':') {
                colon++;
            }
            if (colon == t) {
                throw error(b, pos, t, "expected index:value");
            }
            if (first && colon - pos == 3 && b[pos] == 'q' && b[pos + 1] == 'i' && b[pos + 2] == 'd') {
                first = false;
                if (Numbers.parseIndex(b, colon + 1, t) < 0) {
                    throw error(b, pos, t, "qid must be a non-negative integer");
                }
                continue; // query ids group rankings; a linear model ignores them
            }
            first = false;
            int index = Numbers.parseIndex(b, pos, colon);
            if (index < 1) {
                throw error(b, pos, t, "the index must be an integer from 1 (LIBSVM indices are 1-based)");
            }
            if (index <= previous) {
                throw error(b, pos, t, "index " + index + " after " + previous + ": indices must increase");
            }
            if (index > limit) {
                throw error(b, pos, t, "index " + index + " is above the " + limit + " features "
                        + (format.numFeatures() > 0 ? "declared" : "found when the file was indexed"));
            }
            float v = Numbers.parseFloat(b, colon + 1, t);
            if (Float.isNaN(v) || Float.isInfinite(v)) {
                throw error(b, pos, t, "the value is not a finite float");
            }
            if (!cols.reserve(1) || !vals.reserve(1)) {
                throw error(b, pos, t, "more non-zeros than one array holds; stream the file (TextChunks, StreamingRows)");
            }
            cols.add(index - 1);
            vals.add(v);
            previous = index;
            maxIndex = Math.max(maxIndex, index);
        }
        return true;
    }

    private static int skipBlanks(byte[] b, int pos, int e) {
        while (pos < e && (b[pos] == ' ' || b[pos] == '\t')) {
            pos++;
        }
        return pos;
    }

    private static int tokenEnd(byte[] b, int pos, int e) {
        while (pos < e && b[pos] != ' ' && b[pos] != '\t') {
            pos++;
        }
        return pos;
    }

    private InvalidInputException error(byte[] b, int from, int to, String problem) {
        return new InvalidInputException(source, "line " + lineNumber + ", character " + (from - lineStart + 1)
                + ", token '" + Numbers.show(b, from, to) + "'", problem);
    }
}
