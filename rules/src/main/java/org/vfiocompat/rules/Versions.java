package org.vfiocompat.rules;

import java.util.List;

/**
 * Comparison of dotted and semantic version numbers ({@code 535.104.05}, {@code 5.4.0},
 * {@code 22.39.1002}, {@code 2.1.0-rc1+build7}).
 *
 * <p>Rules: build metadata after {@code +} is ignored; the part before the first {@code -} is the
 * release, split on {@code .}; numeric parts compare as numbers (leading zeros do not matter,
 * any length), other parts compare as text, a numeric part sorts before a text part; missing
 * and empty parts count as zero ({@code 1.2} equals {@code 1.2.0}, an empty or {@code null}
 * version equals {@code 0}); a release with a pre-release suffix
 * sorts before the same release without one ({@code 1.0-rc1 < 1.0}). Every function is total.
 *
 * <p><b>Whitespace.</b> Every function of this class except {@link #isStrictVersion} first
 * trims its arguments ({@link String#trim()}: every character up to U+0020 at either end), and
 * none of them refuses spaces inside: {@code isVersion(" 3.2.0")} and {@code isVersion("3. 2")}
 * are both true, and {@code compare(" 3.2.0", "3.2.0")} is 0. Where a string must be exactly
 * a version, as a driver writes it, check it with {@link #isStrictVersion} (rules API 1.1).
 */
public final class Versions {

    private Versions() {
    }

    /** Negative, zero or positive as {@code a} is older than, equal to, or newer than {@code b}. */
    public static int compare(String a, String b) {
        String ca = stripBuild(a);
        String cb = stripBuild(b);
        String ra = Fields.before(ca, "-");
        String rb = Fields.before(cb, "-");
        int c = compareRelease(ra, rb);
        if (c != 0) {
            return c;
        }
        boolean preA = ca.contains("-");
        boolean preB = cb.contains("-");
        if (preA != preB) {
            return preA ? -1 : 1;
        }
        return Integer.signum(Fields.after(ca, "-").compareTo(Fields.after(cb, "-")));
    }

    /** Whether {@code version} is at least {@code minimum}. */
    public static boolean atLeast(String version, String minimum) {
        return compare(version, minimum) >= 0;
    }

    /** Whether {@code a} is strictly older than {@code b}. */
    public static boolean older(String a, String b) {
        return compare(a, b) < 0;
    }

    /** Whether {@code a} is strictly newer than {@code b}. */
    public static boolean newer(String a, String b) {
        return compare(a, b) > 0;
    }

    /**
     * The first release part as a number, or {@code -1} when it is not numeric (or, leading zeros
     * aside, longer than 18 digits).
     */
    public static long major(String version) {
        return numeric(Fields.field(Fields.before(stripBuild(version), "-"), ".", 0));
    }

    /** The second release part as a number, {@code 0} when missing, {@code -1} when not numeric. */
    public static long minor(String version) {
        String m = Fields.field(Fields.before(stripBuild(version), "-"), ".", 1);
        return m.isEmpty() ? 0 : numeric(m);
    }

    /** Whether both versions have the same numeric major part. */
    public static boolean sameMajor(String a, String b) {
        long ma = major(a);
        return ma >= 0 && ma == major(b);
    }

    /**
     * Whether {@code version} parses as a release: non-empty dot-separated parts, the first
     * numeric. Lenient: trimmed first, and spaces inside a part are accepted ({@code "3. 2"});
     * see {@link #isStrictVersion}.
     */
    public static boolean isVersion(String version) {
        if (version == null || version.isBlank()) {
            return false;
        }
        List<String> parts = Fields.split(Fields.before(stripBuild(version), "-"), ".");
        for (String part : parts) {
            if (part.isEmpty()) {
                return false;
            }
        }
        return isDigits(parts.get(0));
    }

    /**
     * Whether {@code version} is exactly a version, with nothing trimmed: {@link #isVersion}
     * holds, every character is printable ASCII other than the space ({@code '!'} to
     * {@code '~'}: no whitespace or control character anywhere, none at the ends), and a
     * {@code -} pre-release or {@code +} build suffix, when its separator is present, is not
     * empty. {@code false} for {@code null}. {@code isStrictVersion("3.2.0")},
     * {@code isStrictVersion("2.1.0-rc1+b7")} are true; {@code " 3.2.0"}, {@code "3. 2"},
     * {@code "3.2.0\n"}, {@code "3.2-"}, {@code "3.2+"} are not. A strict version compares
     * the same with every function here, as nothing would have been trimmed from it.
     *
     * @since rules API 1.1
     */
    public static boolean isStrictVersion(String version) {
        if (version == null || version.isEmpty()) {
            return false;
        }
        for (int i = 0; i < version.length(); i++) {
            char c = version.charAt(i);
            if (c < '!' || c > '~') {
                return false;
            }
        }
        if (version.endsWith("+") || Fields.before(version, "+").endsWith("-")) {
            return false;
        }
        return isVersion(version);
    }

    /** A part as compare() sees a numeric one (ASCII digits, leading zeros ignored), or -1. */
    private static long numeric(String part) {
        if (!isDigits(part)) {
            return -1;
        }
        String t = stripZeros(part);
        return t.length() > 18 ? -1 : Long.parseLong(t);
    }

    private static String stripBuild(String v) {
        return v == null ? "" : Fields.before(v.trim(), "+");
    }

    private static int compareRelease(String a, String b) {
        List<String> pa = Fields.split(a, ".");
        List<String> pb = Fields.split(b, ".");
        int n = Math.max(pa.size(), pb.size());
        for (int i = 0; i < n; i++) {
            // An empty part (null or "" version, "1..2", "1.") is a missing part: zero. As text it
            // would sort after every number and make a missing version look newer than any other.
            String x = i < pa.size() && !pa.get(i).isEmpty() ? pa.get(i) : "0";
            String y = i < pb.size() && !pb.get(i).isEmpty() ? pb.get(i) : "0";
            int c = comparePart(x, y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int comparePart(String x, String y) {
        boolean nx = isDigits(x);
        boolean ny = isDigits(y);
        if (nx && ny) {
            String tx = stripZeros(x);
            String ty = stripZeros(y);
            if (tx.length() != ty.length()) {
                return tx.length() < ty.length() ? -1 : 1;
            }
            return Integer.signum(tx.compareTo(ty));
        }
        if (nx != ny) {
            return nx ? -1 : 1;
        }
        return Integer.signum(x.compareTo(y));
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }
}
