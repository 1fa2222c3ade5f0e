package org.vfiocompat.engine.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbers distinct values in the order they are first seen: a fleet's profiles, parent ids and
 * creatable ids, a few hundred values that millions of entries share, each entry holding its
 * value's ordinal. Equal values get one ordinal (the first instance is kept); the look-up by
 * identity comes first, because a read inventory hands out one instance per distinct value.
 */
final class Ordinals<T> {

    /**
     * Instances remembered by identity at most: a fleet's profiles are one instance each, but its
     * parent ids are a new String per host, and a map entry for each would outweigh the strings.
     */
    private static final int MAX_BY_IDENTITY = 4096;

    private final List<T> values = new ArrayList<>();
    private final Map<T, Integer> byIdentity = new IdentityHashMap<>();
    private final Map<T, Integer> byValue = new HashMap<>();
    /** The last value looked up and its ordinal: entries of one host mostly repeat it. */
    private T last;
    private int lastOrdinal;

    /** Whether a value is looked up by identity first (worth it only for values read as one instance each). */
    private final boolean identityFirst;

    /** @param identityFirst look values up by identity first: true for a read inventory's profiles (one instance each) */
    Ordinals(boolean identityFirst) {
        this.identityFirst = identityFirst;
    }

    /** The ordinal of {@code value}, new if no equal value was seen. */
    int of(T value) {
        if (value == last) {
            return lastOrdinal;
        }
        Integer known = identityFirst ? byIdentity.get(value) : null;
        if (known == null) {
            known = byValue.get(value);
            if (known == null) {
                known = values.size();
                values.add(value);
                byValue.put(value, known);
            }
            if (identityFirst && byIdentity.size() < MAX_BY_IDENTITY) {
                byIdentity.put(value, known);
            }
        }
        last = value;
        lastOrdinal = known;
        return known;
    }

    T get(int ordinal) {
        return values.get(ordinal);
    }

    int size() {
        return values.size();
    }

    /** For each ordinal of {@code other}, this one's ordinal of its value (adding the values not seen). */
    int[] map(Ordinals<T> other) {
        int[] to = new int[other.size()];
        for (int i = 0; i < to.length; i++) {
            to[i] = of(other.get(i));
        }
        return to;
    }

    /** The values, by ordinal. */
    @SuppressWarnings("unchecked")
    T[] toArray(T[] type) {
        return values.toArray(type);
    }
}
