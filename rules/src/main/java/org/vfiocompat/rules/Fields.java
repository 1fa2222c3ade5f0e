package org.vfiocompat.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Pure functions that take version strings and type descriptions apart, so that rules never
 * need loops, regular expressions or string building of their own.
 *
 * <p>Every function is total: it never throws on malformed input, runs in time linear in its
 * input, and returns a value no larger than its input. Separators are literal strings, never
 * patterns. Field indexes may be negative to count from the end, as in {@code field(v, "-", -1)}
 * for the last field.
 */
public final class Fields {

    private Fields() {
    }

    /** {@code s} split on every occurrence of the literal {@code sep}; empty fields are kept. */
    public static List<String> split(String s, String sep) {
        if (s == null) {
            return List.of();
        }
        if (sep == null || sep.isEmpty()) {
            return List.of(s);
        }
        List<String> parts = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = s.indexOf(sep, from)) >= 0) {
            parts.add(s.substring(from, at));
            from = at + sep.length();
        }
        parts.add(s.substring(from));
        return Collections.unmodifiableList(parts);
    }

    /** How many fields {@code split(s, sep)} yields. */
    public static int count(String s, String sep) {
        // Counted in place, not through split(): rules call this once per pair on every version
        // string, and building the list was a fifth of a pair's evaluation time.
        if (s == null) {
            return 0;
        }
        if (sep == null || sep.isEmpty()) {
            return 1;
        }
        int n = 1;
        int at = s.indexOf(sep);
        while (at >= 0) {
            n++;
            at = s.indexOf(sep, at + sep.length());
        }
        return n;
    }

    /** Field {@code index} of {@code s} split on {@code sep}; negative counts from the end; {@code ""} if absent. */
    public static String field(String s, String sep, int index) {
        if (s == null) {
            return "";
        }
        if (sep == null || sep.isEmpty()) {
            return index == 0 || index == -1 ? s : "";
        }
        int i = index < 0 ? count(s, sep) + index : index;
        if (i < 0) {
            return "";
        }
        // Walk to the i-th separator without splitting the rest (see count).
        int from = 0;
        for (int k = 0; k < i; k++) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                return "";
            }
            from = at + sep.length();
        }
        int end = s.indexOf(sep, from);
        return end < 0 ? s.substring(from) : s.substring(from, end);
    }

    /**
     * Fields {@code from} (inclusive) to {@code to} (exclusive) joined again with {@code sep};
     * negative indexes count from the end. {@code slice("8086-591d-i915-GVTg_V5_4-1.2", "-", 2, -1)}
     * is {@code "i915-GVTg_V5_4"}. Empty when the range is empty.
     */
    public static String slice(String s, String sep, int from, int to) {
        List<String> parts = split(s, sep);
        int n = parts.size();
        int a = Math.max(0, from < 0 ? n + from : from);
        int b = Math.min(n, to < 0 ? n + to : to);
        if (a >= b) {
            return "";
        }
        return String.join(sep == null ? "" : sep, parts.subList(a, b));
    }

    /** The part of {@code s} before the first {@code sep}, or all of {@code s} without one. */
    public static String before(String s, String sep) {
        if (s == null) {
            return "";
        }
        int at = sep == null || sep.isEmpty() ? -1 : s.indexOf(sep);
        return at < 0 ? s : s.substring(0, at);
    }

    /** The part of {@code s} after the first {@code sep}, or {@code ""} without one. */
    public static String after(String s, String sep) {
        if (s == null || sep == null || sep.isEmpty()) {
            return "";
        }
        int at = s.indexOf(sep);
        return at < 0 ? "" : s.substring(at + sep.length());
    }

    /**
     * A {@code key=value} list such as NVIDIA's type descriptions,
     * {@code "num_heads=4, frl_config=60, framebuffer=2048M"}: items split on {@code ","},
     * keys and values trimmed, items without {@code "="} skipped, a repeated key keeps its last value.
     */
    public static SortedMap<String, String> keyValues(String s) {
        return pairs(s, ",", "=");
    }

    /**
     * A {@code key: value} list such as GVT-g's type descriptions, one item per line
     * ({@code "low_gm_size: 128MB\nfence: 4"}); lines without {@code ":"} are skipped.
     */
    public static SortedMap<String, String> keyColonValues(String s) {
        return pairs(s == null ? null : s.replace("\r", ""), "\n", ":");
    }

    /** Items of {@code s} split on {@code itemSep}, each split once on {@code kvSep}, both sides trimmed. */
    public static SortedMap<String, String> pairs(String s, String itemSep, String kvSep) {
        SortedMap<String, String> out = new TreeMap<>();
        for (String item : split(s, itemSep)) {
            int at = kvSep == null || kvSep.isEmpty() ? -1 : item.indexOf(kvSep);
            if (at <= 0) {
                continue;
            }
            String key = item.substring(0, at).trim();
            if (!key.isEmpty()) {
                out.put(key, item.substring(at + kvSep.length()).trim());
            }
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /** The value of {@code key} in {@code map}, or {@code ""}; for maps returned by the functions above. */
    public static String get(Map<String, String> map, String key) {
        if (map == null || key == null) {
            return "";
        }
        String v = map.get(key);
        return v == null ? "" : v;
    }

    /**
     * A hexadecimal number, with or without {@code 0x}, case-insensitive, at most 15 digits;
     * {@code -1} when {@code s} is not one.
     */
    public static long hex(String s) {
        if (s == null) {
            return -1;
        }
        String t = s.trim();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        if (t.isEmpty() || t.length() > 15) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            // Not Character.digit: it also accepts non-ASCII digits and fullwidth letters.
            int d = c <= 0x7f ? Character.digit(c, 16) : -1;
            if (d < 0) {
                return -1;
            }
            value = value * 16 + d;
        }
        return value;
    }

    /** A decimal number of at most 18 digits, optionally signed; {@code fallback} when {@code s} is not one. */
    public static long number(String s, long fallback) {
        if (s == null) {
            return fallback;
        }
        String t = s.trim();
        int start = t.startsWith("-") || t.startsWith("+") ? 1 : 0;
        if (t.length() == start || t.length() - start > 18) {
            return fallback;
        }
        long value = 0;
        for (int i = start; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return fallback;
            }
            value = value * 10 + (c - '0');
        }
        return t.charAt(0) == '-' ? -value : value;
    }
}
