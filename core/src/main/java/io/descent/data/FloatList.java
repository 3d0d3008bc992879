package io.descent.data;

import java.util.Arrays;

/** A growable float array for readers that do not know their size in advance; grows by doubling. */
final class FloatList {
    /** The largest array the JVM reliably allocates. */
    static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    private float[] a;
    private int size;

    FloatList(int capacity) {
        a = new float[Math.max(capacity, 16)];
    }

    int size() {
        return size;
    }

    /** Makes room for {@code n} more values; false when that would pass {@link #MAX_SIZE}. */
    boolean reserve(int n) {
        long need = (long) size + n;
        if (need > MAX_SIZE) {
            return false;
        }
        if (need > a.length) {
            a = Arrays.copyOf(a, (int) Math.min(MAX_SIZE, Math.max(need, 2L * a.length)));
        }
        return true;
    }

    /** The backing array, to fill {@code [size(), size() + n)} after {@link #reserve}; then {@link #grow}. */
    float[] array() {
        return a;
    }

    void grow(int n) {
        size += n;
    }

    void add(float v) {
        a[size++] = v;
    }

    void clear() {
        size = 0;
    }

    float[] toArray() {
        return Arrays.copyOf(a, size);
    }
}
