package io.descent.data;

import java.nio.charset.StandardCharsets;

/**
 * Numbers parsed straight from the bytes of a text file, without a String per field.
 *
 * <p>Accepted: an optional sign, digits with an optional decimal point, an optional exponent
 * ({@code -1.5e-3}, {@code .5}, {@code 7.}). Not accepted: {@code NaN}, {@code Infinity}, hexadecimal, Java's
 * {@code f}/{@code d} suffixes, spaces. A decimal of at most 7 significant digits and a power of ten up to
 * 10^10 is computed as one float multiply or divide of two exact floats (Clinger's fast path), which is
 * correctly rounded, so the result equals {@link Float#parseFloat}; anything else goes to Float.parseFloat.
 */
final class Numbers {
    /** 10^0 .. 10^10, every one exact in float (5^10 < 2^24). */
    private static final float[] POW10 = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
    private static final long EXACT_MANTISSA = 1L << 24;
    private static final int MAX_DIGITS = 18;

    private Numbers() {
    }

    /**
     * The float written in {@code b[start, end)}: NaN when the bytes are not a decimal number, an infinity
     * when it is outside the float range (callers report both).
     */
    static float parseFloat(byte[] b, int start, int end) {
        int i = start;
        boolean negative = false;
        if (i < end && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;      // significant digits kept in the mantissa
        int scale = 0;       // value = mantissa * 10^scale
        boolean exact = true;
        boolean anyDigit = false;
        for (; i < end && isDigit(b[i]); i++) {
            anyDigit = true;
            int d = b[i] - '0';
            if (mantissa == 0 && d == 0) {
                continue;
            }
            if (digits < MAX_DIGITS) {
                mantissa = mantissa * 10 + d;
                digits++;
            } else {
                scale++;
                exact = false;
            }
        }
        if (i < end && b[i] == '.') {
            i++;
            for (; i < end && isDigit(b[i]); i++) {
                anyDigit = true;
                int d = b[i] - '0';
                if (mantissa == 0 && d == 0) {
                    scale--;
                    continue;
                }
                if (digits < MAX_DIGITS) {
                    mantissa = mantissa * 10 + d;
                    digits++;
                    scale--;
                } else {
                    exact = false;
                }
            }
        }
        if (!anyDigit) {
            return Float.NaN;
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                negativeExponent = b[i] == '-';
                i++;
            }
            if (i == end) {
                return Float.NaN;
            }
            int exponent = 0;
            for (; i < end && isDigit(b[i]); i++) {
                exponent = Math.min(exponent * 10 + (b[i] - '0'), 100_000); // far beyond any float, no overflow
            }
            scale += negativeExponent ? -exponent : exponent;
        }
        if (i != end) {
            return Float.NaN;
        }
        if (mantissa == 0) {
            return negative ? -0f : 0f;
        }
        if (exact && mantissa <= EXACT_MANTISSA && scale >= -10 && scale <= 10) {
            float v = scale >= 0 ? (float) mantissa * POW10[scale] : (float) mantissa / POW10[-scale];
            return negative ? -v : v;
        }
        // The grammar is checked above, so Float.parseFloat cannot fail on these bytes.
        return Float.parseFloat(new String(b, start, end - start, StandardCharsets.ISO_8859_1));
    }

    /** A non-negative decimal integer without sign in {@code b[start, end)}, or -1 when it is not one or exceeds int. */
    static int parseIndex(byte[] b, int start, int end) {
        if (start == end) {
            return -1;
        }
        long v = 0;
        for (int i = start; i < end; i++) {
            if (!isDigit(b[i])) {
                return -1;
            }
            v = v * 10 + (b[i] - '0');
            if (v > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return (int) v;
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** Whether {@code v} is a class index: a non-negative integer that a float holds exactly. */
    static boolean isClassIndex(float v) {
        return v >= 0 && v < EXACT_MANTISSA && v == Math.rint(v);
    }

    /** The bytes as text for an error message, shortened to 40 characters, control bytes shown as '?'. */
    static String show(byte[] b, int start, int end) {
        int n = Math.min(end - start, 40);
        StringBuilder sb = new StringBuilder(n + 3);
        for (int i = start; i < start + n; i++) {
            int c = b[i] & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return end - start > n ? sb.append("...").toString() : sb.toString();
    }
}
