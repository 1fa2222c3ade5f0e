package org.vfiocompat.engine.inventory;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * The string values an inventory repeats on every host (device APIs, mdev types, version strings,
 * attribute names and values, parent ids and models, host software), each made into a
 * {@code String} once and then handed out again for the same characters.
 *
 * <p>Why: a million devices carry five or so such values each and have a few hundred distinct
 * ones between them. Making each a new {@code String} cost an allocation per value, and then the
 * {@link ProfileInterner}'s look-up hashed and compared every one of them character by
 * character; the strings handed out here are mostly the same instances, whose hash is cached and
 * whose {@code equals} is an identity check.
 *
 * <p>A fixed table, each slot holding the last string whose characters hash to it: a lookup is a
 * hash of the parser's characters and one comparison, with no eviction policy to keep and no
 * growth; a value that collides with another, or one that never repeats, costs what it did before
 * (one new {@code String}). Values that are unique by nature (host names, device ids, VM names)
 * are not looked up here, so they do not push the repeated ones out. One reader's own: not
 * thread-safe.
 */
final class RepeatedStrings {

    /** Slots: far more than the distinct repeated values of a real fleet. */
    private static final int SLOTS = 1 << 12;
    /** Longer values are made as they are: long strings are rarely repeated, and comparing them costs more. */
    private static final int MAX_LENGTH = 128;

    private final String[] slots = new String[SLOTS];
    /**
     * Each slot's string as characters: the comparison of a hit is then one range comparison of
     * two arrays, not a {@code charAt} a character (the launcher's C1-compiled code pays for
     * every call and bounds check in that loop, and it ran for every value of every device).
     */
    private final char[][] slotChars = new char[SLOTS][];

    /** The parser's current string value (its token is {@code VALUE_STRING} or a field name). */
    String of(JsonParser p) throws IOException {
        int length = p.getTextLength();
        if (length > MAX_LENGTH) {
            return p.getText();
        }
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        int hash = 0;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + chars[offset + i]; // String.hashCode's, so a hit compares cached hashes first
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        String known = slots[slot];
        if (known != null && known.hashCode() == hash) {
            char[] knownChars = slotChars[slot];
            if (java.util.Arrays.equals(knownChars, 0, knownChars.length, chars, offset, offset + length)) {
                return known;
            }
        }
        String made = new String(chars, offset, length);
        slots[slot] = made;
        slotChars[slot] = java.util.Arrays.copyOfRange(chars, offset, offset + length);
        return made;
    }
}
