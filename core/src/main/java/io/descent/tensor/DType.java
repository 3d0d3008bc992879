package io.descent.tensor;

/** Element type of a tensor: float32 for training, float64 where precision matters (gradient checks, Newton, parity tests). */
public enum DType {
    FLOAT32("F32", 4),
    FLOAT64("F64", 8);

    private final String safetensorsName;
    private final int bytes;

    DType(String safetensorsName, int bytes) {
        this.safetensorsName = safetensorsName;
        this.bytes = bytes;
    }

    /** The dtype string of the safetensors format ("F32", "F64"). */
    public String safetensorsName() {
        return safetensorsName;
    }

    public int bytes() {
        return bytes;
    }

    /** The wider of two types: mixing float32 with float64 computes in float64. */
    public static DType promote(DType a, DType b) {
        return a == FLOAT64 || b == FLOAT64 ? FLOAT64 : FLOAT32;
    }
}
