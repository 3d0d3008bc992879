package io.descent.data;

import java.util.Arrays;

/** A growable int array (CSR row pointers and column indices); grows by doubling. */
final class IntList {
    private int[] a;
    private int size;

    IntList(int capacity) {
        a = new int[Math.max(capacity, 16)];
    }

    int size() {
        return size;
    }

    /** Makes room for {@code n} more values; false when that would pass {@link FloatList#MAX_SIZE}. */
    boolean reserve(int n) {
        long need = (long) size + n;
        if (need > FloatList.MAX_SIZE) {
            return false;
        }
        if (need > a.length) {
            a = Arrays.copyOf(a, (int) Math.min(FloatList.MAX_SIZE, Math.max(need, 2L * a.length)));
        }
        return true;
    }

    int[] array() {
        return a;
    }

    void add(int v) {
        a[size++] = v;
    }

    int get(int i) {
        return a[i];
    }

    void clear() {
        size = 0;
    }

    int[] toArray() {
        return Arrays.copyOf(a, size);
    }
}
