package io.descent.report;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats numbers for people: whole numbers as they are; other numbers to four significant digits (but never
 * fewer than the digits before the point), plainly from 0.001 to a million and as {@code 1.235e-5} outside;
 * NaN as "NaN" and infinities as "inf" and "-inf".
 *
 * <pre>{@code
 * Numbers.format(0.912345);   // "0.9123"
 * Numbers.format(1.5e-7);     // "1.5e-7"
 * Numbers.format(60000);      // "60000"
 * }</pre>
 */
public final class Numbers {
    private static final int DIGITS = 4;

    private Numbers() {
    }

    /** The number written for a table cell or a chart note. */
    public static String format(Number n) {
        if (n == null) {
            throw new IllegalArgumentException("cannot format a null number");
        }
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger) {
            return n.toString();
        }
        return format(n instanceof BigDecimal b ? b.doubleValue() : n.doubleValue());
    }

    /** A whole number, as it is. */
    public static String format(long v) {
        return Long.toString(v);
    }

    /** {@link #format(Number)} of a double. */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        BigDecimal b = new BigDecimal(v);
        if (a >= 1e-3 && a < 1e6) {
            int intDigits = a < 1 ? 0 : (int) Math.floor(Math.log10(a)) + 1;
            BigDecimal r = b.round(new MathContext(Math.max(DIGITS, intDigits), RoundingMode.HALF_EVEN));
            return strip(r).toPlainString();
        }
        BigDecimal r = strip(b.round(new MathContext(DIGITS, RoundingMode.HALF_EVEN)));
        int exponent = r.precision() - r.scale() - 1;
        BigDecimal mantissa = r.movePointLeft(exponent);
        return strip(mantissa).toPlainString() + "e" + exponent;
    }

    private static BigDecimal strip(BigDecimal b) {
        BigDecimal s = b.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
