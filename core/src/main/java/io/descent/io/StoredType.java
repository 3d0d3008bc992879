package io.descent.io;

import io.descent.tensor.DType;
import java.nio.ByteBuffer;

/**
 * The element types a safetensors file may hold that Descent reads: its own F32 and F64, and, widened on reading,
 * F16 and BF16 weights (to float32, exactly) and I64 integers (PyTorch's {@code num_batches_tracked}; to float64,
 * exact up to 2^53, a larger one is refused). Descent writes F32, F64 and, for counts, I64.
 */
enum StoredType {
    F32(4, DType.FLOAT32),
    F64(8, DType.FLOAT64),
    F16(2, DType.FLOAT32),
    BF16(2, DType.FLOAT32),
    I64(8, DType.FLOAT64);

    /** The largest integer a float64 holds exactly, and with it every smaller one. */
    static final long EXACT_IN_DOUBLE = 1L << 53;

    private final int bytes;
    private final DType widened;

    StoredType(int bytes, DType widened) {
        this.bytes = bytes;
        this.widened = widened;
    }

    int bytes() {
        return bytes;
    }

    /** The tensor type values of this type are read into. */
    DType widened() {
        return widened;
    }

    /** The dtype string of the format. */
    String safetensorsName() {
        return name();
    }

    static StoredType of(DType d) {
        return d == DType.FLOAT32 ? F32 : F64;
    }

    /** The type of the name in a header, or null for one Descent does not read. */
    static StoredType named(String s) {
        for (StoredType t : values()) {
            if (t.name().equals(s)) {
                return t;
            }
        }
        return null;
    }

    /**
     * IEEE half precision to float, exactly: sign s, exponent e (5 bits, bias 15), mantissa m (10 bits);
     * normal (-1)^s 2^(e-15) (1 + m/2^10) is re-biased to float's 127; subnormal (-1)^s m 2^-24; e = 31 is
     * infinity or NaN.
     */
    static float half(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 127 - 15) << 23) | (mant << 13));
    }

    /** bfloat16 is the upper half of a float32: its bits shifted back up are the float exactly. */
    static float bfloat(short b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }

    /** Reads {@code n} elements of this type from {@code b} into floats (F16, BF16). */
    void readFloats(ByteBuffer b, float[] out) {
        for (int i = 0; i < out.length; i++) {
            short s = b.getShort(2 * i);
            out[i] = this == F16 ? half(s) : bfloat(s);
        }
    }
}
