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
 *
 * <p><b>Whitespace.</b> {@link #hex}, {@link #number}, and the keys and values of
 * {@link #keyValues}, {@link #keyColonValues} and {@link #pairs} are trimmed
 * ({@link String#trim()}). {@link #split}, {@link #count}, {@link #field}, {@link #slice},
 * {@link #before}, {@link #after} and {@link #get} take strings exactly as they are, and so do
 * the 64-bit hex and bitmask helpers ({@link #isHex64}, {@link #hex64}, {@link #coversBits},
 * {@link #missingBits}, rules API 1.1), which refuse any space.
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
     * A hexadecimal number, with or without {@code 0x}, case-insensitive, trimmed, at most 15
     * digits; {@code -1} when {@code s} is not one. For values of 16 digits (64-bit masks and
     * ids), use {@link #hex64}.
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

    /**
     * Whether {@code s} is exactly a 64-bit unsigned hexadecimal number: an optional {@code 0x}
     * or {@code 0X} prefix (once), then 1 to 16 ASCII hex digits in either case, leading zeros
     * included in the count. Nothing is trimmed; no sign, no {@code _}, no space. {@code "0x"}
     * alone, {@code ""} and {@code null} are not numbers.
     * {@code isHex64("0xffffffffffffffff")} is true, {@code isHex64("0x1ffffffffffffffff")}
     * (17 digits) and {@code isHex64(" 0x1")} are false.
     *
     * @since rules API 1.1
     */
    public static boolean isHex64(String s) {
        return hexDigits64(s) >= 0;
    }

    /**
     * The 64-bit unsigned hexadecimal number {@code s} as {@link #isHex64} accepts it, its bits
     * in a {@code long} (so values from {@code 0x8000000000000000} up are negative as Java
     * {@code long}s: compare masks bit by bit, not with {@code <}); {@code fallback} when
     * {@code s} is not one. Guard with {@link #isHex64} when every {@code long} is a possible
     * value. {@code hex64("0x10de", -1)} is 4318, {@code hex64("ffffffffffffffff", 0)} is
     * {@code -1L} (all bits set), {@code hex64("0xg", 7)} is 7.
     *
     * @since rules API 1.1
     */
    public static long hex64(String s, long fallback) {
        int start = hexDigits64(s);
        if (start < 0) {
            return fallback;
        }
        long value = 0;
        for (int i = start; i < s.length(); i++) {
            value = (value << 4) | Character.digit(s.charAt(i), 16);
        }
        return value;
    }

    /**
     * Whether the mask {@code have} has every bit that the mask {@code need} has (a superset,
     * equal masks included), both as {@link #isHex64} accepts them: for a target's capability
     * mask and a source's, {@code coversBits(targetMask, sourceMask)}. {@code false} when either
     * is not a 64-bit hex number. {@code coversBits("0xff", "0x0f")} is true,
     * {@code coversBits("0x0f", "0x1f")} false.
     *
     * @since rules API 1.1
     */
    public static boolean coversBits(String have, String need) {
        return isHex64(have) && isHex64(need) && (hex64(need, 0) & ~hex64(have, 0)) == 0;
    }

    /**
     * The bits {@code need} has and {@code have} lacks, as lower-case hex with {@code 0x} and no
     * leading zeros ({@code "0x0"} when none is missing), for a reason such as
     * {@code "target lacks capabilities " + missingBits(t, s)}; {@code ""} when either is not a
     * 64-bit hex number. {@code missingBits("0x0f", "0x1f")} is {@code "0x10"},
     * {@code missingBits("0xff", "0x0f")} is {@code "0x0"}.
     *
     * @since rules API 1.1
     */
    public static String missingBits(String have, String need) {
        if (!isHex64(have) || !isHex64(need)) {
            return "";
        }
        return "0x" + Long.toHexString(hex64(need, 0) & ~hex64(have, 0));
    }

    /** Where the digits of a 64-bit hex number start in {@code s} (0 or 2), or -1 when it is not one. */
    private static int hexDigits64(String s) {
        if (s == null) {
            return -1;
        }
        int start = s.startsWith("0x") || s.startsWith("0X") ? 2 : 0;
        int digits = s.length() - start;
        if (digits < 1 || digits > 16) {
            return -1;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            // ASCII only: Character.digit alone also accepts non-ASCII digits and fullwidth letters.
            if (c > 0x7f || Character.digit(c, 16) < 0) {
                return -1;
            }
        }
        return start;
    }
}
