package io.descent.data;

import io.descent.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Lines of a text stream as byte ranges of one reused buffer: no String and no array per line. A line ends
 * at '\n'; a '\r' before it is dropped. Each line's number (from 1) and byte offset are known for errors.
 */
final class LineScanner {
    /** Longest line accepted: a longer one is refused rather than buffered without bound. */
    static final int MAX_LINE_BYTES = 1 << 26;

    private final InputStream in;
    private final String source;
    private byte[] buf = new byte[1 << 16];
    private int pos;        // start of the unconsumed bytes
    private int limit;      // end of the bytes read so far
    private long bufferOffset; // byte offset in the stream of buf[0]
    private boolean eof;

    private int start;
    private int end;
    private long line;
    private long lineOffset;

    LineScanner(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() {
        int i = pos;
        while (true) {
            for (; i < limit; i++) {
                if (buf[i] == '\n') {
                    take(i, i + 1);
                    return true;
                }
            }
            if (eof) {
                if (pos < limit) {
                    take(limit, limit);
                    return true;
                }
                return false;
            }
            i -= pos; // fill() moves the unconsumed bytes to the front; keep scanning where we stopped
            fill();
        }
    }

    private void take(int lineEnd, int nextPos) {
        start = pos;
        end = lineEnd > start && buf[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        lineOffset = bufferOffset + pos;
        line++;
        pos = nextPos;
    }

    /** Moves the partial line to the front, grows the buffer if the line fills it, and reads more. */
    private void fill() {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            bufferOffset += pos;
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            if (buf.length >= MAX_LINE_BYTES) {
                throw new InvalidInputException(source, "line " + (line + 1) + ", byte " + bufferOffset,
                        "line longer than " + MAX_LINE_BYTES + " bytes; is this a text file?");
            }
            buf = Arrays.copyOf(buf, Math.min(MAX_LINE_BYTES, 2 * buf.length));
        }
        try {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        } catch (IOException e) {
            throw new InvalidInputException(source, "byte " + (bufferOffset + limit), "cannot read: " + e, e);
        }
    }

    byte[] buffer() {
        return buf;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    /** Number of the current line, from 1. */
    long lineNumber() {
        return line;
    }

    /** Byte offset of the current line's first byte in the stream. */
    long lineOffset() {
        return lineOffset;
    }

    /** Byte offset just past the current line's '\n' (the next line's start). */
    long nextOffset() {
        return bufferOffset + pos;
    }
}
