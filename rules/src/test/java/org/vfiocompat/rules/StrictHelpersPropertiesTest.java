package org.vfiocompat.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.WithNull;

/** Properties of the strict helpers of rules API 1.1 over wide inputs. */
class StrictHelpersPropertiesTest {

    // ------------------------------------------------------------------ strict versions

    @Property
    void strictIsLenientWithoutSpacesOrControlCharacters(@ForAll("versionLike") @WithNull String s) {
        boolean strict = Versions.isStrictVersion(s);
        if (strict) {
            assertThat(Versions.isVersion(s)).isTrue();
            assertThat(s.chars().allMatch(c -> c > ' ' && c < 0x7f)).isTrue();
            assertThat(s.trim()).isEqualTo(s);
        }
        if (s != null && Versions.isVersion(s) && s.chars().allMatch(c -> c > ' ' && c < 0x7f)
                && !s.endsWith("+") && !Fields.before(s, "+").endsWith("-")) {
            assertThat(strict).as("'%s'", s).isTrue();
        }
    }

    @Property
    void aSpaceAnywhereMakesAVersionNotStrict(@ForAll("versionLike") String s, @ForAll @IntRange(min = 0, max = 40) int at,
                                              @ForAll("spaces") char space) {
        int i = Math.min(at, s.length());
        String spaced = s.substring(0, i) + space + s.substring(i);
        assertThat(Versions.isStrictVersion(spaced)).isFalse();
    }

    @Property
    void strictVersionsCompareAsThemselves(@ForAll("versionLike") String a, @ForAll("versionLike") String b) {
        if (Versions.isStrictVersion(a) && Versions.isStrictVersion(b)) {
            assertThat(Integer.signum(Versions.compare(a, b))).isEqualTo(-Integer.signum(Versions.compare(b, a)));
            assertThat(Versions.compare(a, a)).isZero();
        }
    }

    @Property
    void strictVersionNeverThrows(@ForAll @WithNull String s) {
        Versions.isStrictVersion(s);
    }

    @Provide
    Arbitrary<String> versionLike() {
        return Arbitraries.strings().withChars("0123456789.-+ab \t\n").ofMaxLength(12);
    }

    @Provide
    Arbitrary<Character> spaces() {
        return Arbitraries.of(' ', '\t', '\n', '\r', '\u000b', '\u00a0', '\u2003', '\u0000', '\u007f');
    }

    // ------------------------------------------------------------------ 64-bit hex and masks

    @Property
    void hex64RoundTripsEveryLong(@ForAll long n, @ForAll boolean prefix, @ForAll boolean upper, @ForAll boolean padded) {
        String digits = Long.toHexString(n);
        if (padded) {
            digits = "0".repeat(16 - digits.length()) + digits;
        }
        if (upper) {
            digits = digits.toUpperCase(java.util.Locale.ROOT);
        }
        String text = (prefix ? "0x" : "") + digits;
        assertThat(Fields.isHex64(text)).isTrue();
        assertThat(Fields.hex64(text, 0)).isEqualTo(n);
    }

    @Property
    void hex64AgreesWithBigInteger(@ForAll("hexLike") @WithNull String s) {
        long sentinel = 0x5eed;
        long got = Fields.hex64(s, sentinel);
        String digits = s == null ? "" : s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
        boolean valid = s != null && !digits.isEmpty() && digits.length() <= 16
                && digits.chars().allMatch(c -> "0123456789abcdefABCDEF".indexOf(c) >= 0);
        assertThat(Fields.isHex64(s)).as("'%s'", s).isEqualTo(valid);
        if (valid) {
            assertThat(got).isEqualTo(new BigInteger(digits, 16).longValue());
        } else {
            assertThat(got).isEqualTo(sentinel);
        }
    }

    @Property
    void hex64AgreesWithHexWhereHexApplies(@ForAll("hexLike") String s) {
        if (Fields.isHex64(s) && Fields.hex(s) >= 0) {
            assertThat(Fields.hex64(s, -1)).isEqualTo(Fields.hex(s));
        }
    }

    @Property
    void coversBitsIsTheSubsetRelation(@ForAll long have, @ForAll long need) {
        String h = "0x" + Long.toHexString(have);
        String n = "0x" + Long.toHexString(need);
        assertThat(Fields.coversBits(h, n)).isEqualTo((need & ~have) == 0);
        assertThat(Fields.coversBits(h, h)).isTrue();
        assertThat(Fields.coversBits(h, "0")).isTrue();
        assertThat(Fields.coversBits("0xffffffffffffffff", n)).isTrue();
    }

    @Property
    void missingBitsAreExactlyTheUncoveredOnes(@ForAll long have, @ForAll long need) {
        String h = Long.toHexString(have);
        String n = "0X" + Long.toHexString(need).toUpperCase(java.util.Locale.ROOT);
        String missing = Fields.missingBits(h, n);
        assertThat(missing).startsWith("0x");
        assertThat(Fields.hex64(missing, 0)).isEqualTo(need & ~have);
        assertThat(missing.equals("0x0")).isEqualTo(Fields.coversBits(h, n));
        assertThat(missing).isEqualTo(missing.toLowerCase(java.util.Locale.ROOT));
        // The missing bits are covered by the need and share nothing with have.
        assertThat(Fields.coversBits(n, missing)).isTrue();
        assertThat(Fields.hex64(missing, 0) & have).isZero();
    }

    @Property
    void maskHelpersAreTotal(@ForAll("hexLike") @WithNull String a, @ForAll("hexLike") @WithNull String b) {
        boolean covers = Fields.coversBits(a, b);
        String missing = Fields.missingBits(a, b);
        boolean both = Fields.isHex64(a) && Fields.isHex64(b);
        assertThat(missing.isEmpty()).isEqualTo(!both);
        if (!both) {
            assertThat(covers).isFalse();
        }
    }

    @Provide
    Arbitrary<String> hexLike() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789abcdefABCDEFxXg _-+").ofMaxLength(20),
                Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(14).ofMaxLength(18).map(s -> "0x" + s),
                Arbitraries.strings().ofMaxLength(20));
    }
}
