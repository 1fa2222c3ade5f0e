package org.vfiocompat.engine.fleet;

import java.util.Arrays;

/** A growable list of ints: a column of a table being built. */
final class Ints {

    private int[] values;
    private int size;

    Ints() {
        this(16);
    }

    Ints(int capacity) {
        values = new int[Math.max(1, capacity)];
    }

    void add(int v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size + (size >> 1) + 1);
        }
        values[size++] = v;
    }

    int get(int i) {
        return values[i];
    }

    int size() {
        return size;
    }

    /** The values, in an array of exactly {@link #size} (the column of a finished table). */
    int[] toArray() {
        return values.length == size ? values : Arrays.copyOf(values, size);
    }
}
