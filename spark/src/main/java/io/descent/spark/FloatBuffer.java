package io.descent.spark;

import java.util.Arrays;

/** A growing float array, for rows of unknown number. */
final class FloatBuffer {
    private float[] a = new float[1024];
    private int size;

    void add(float v) {
        if (size == a.length) {
            if (a.length >= Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("a partition holds more values than one array can");
            }
            a = Arrays.copyOf(a, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * a.length));
        }
        a[size++] = v;
    }

    int size() {
        return size;
    }

    float[] toArray() {
        return Arrays.copyOf(a, size);
    }
}
