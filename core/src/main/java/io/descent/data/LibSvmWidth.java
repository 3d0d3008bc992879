package io.descent.data;

import io.descent.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The number of features of a LIBSVM file that does not declare it: the largest index, found by a scan of the bytes
 * that reads only the digits before each ':' (no float parsing, no line splitting), a few hundred MB/s. Malformed
 * tokens are left to the parser, which reports them with their line.
 */
final class LibSvmWidth {
    private LibSvmWidth() {
    }

    static int scan(Path file) {
        long max = 0;
        long token = 0;
        boolean digits = true;  // the current token has been only digits so far
        boolean comment = false;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte c = buf[i];
                    if (c == '\n') {
                        comment = false;
                        token = 0;
                        digits = true;
                    } else if (comment) {
                        continue;
                    } else if (c == ' ' || c == '\t') {
                        token = 0;
                        digits = true;
                    } else if (c == '#') {
                        comment = true;
                    } else if (c == ':') {
                        if (digits && token > max) {
                            max = token;
                        }
                        digits = false;
                    } else if (digits && c >= '0' && c <= '9') {
                        token = Math.min(10 * token + (c - '0'), Integer.MAX_VALUE + 1L);
                    } else {
                        digits = false;
                    }
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "", "cannot read: " + e, e);
        }
        if (max > Integer.MAX_VALUE) {
            throw new InvalidInputException(file.toString(), "", "an index above 2^31 - 1; LIBSVM indices must fit an int");
        }
        return (int) max;
    }
}
