package org.vfiocompat.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The strict helpers of rules API 1.1 at their boundaries: strict versions, 64-bit hex, bitmasks. */
class StrictHelpersTest {

    @Test
    void lenientIsVersionTrimsAndAcceptsInnerSpacesStrictDoesNot() {
        // The lenient behaviour is kept for old packs; the strict form refuses both.
        assertThat(Versions.isVersion(" 3.2.0")).isTrue();
        assertThat(Versions.isVersion("3. 2")).isTrue();
        assertThat(Versions.isStrictVersion(" 3.2.0")).isFalse();
        assertThat(Versions.isStrictVersion("3.2.0 ")).isFalse();
        assertThat(Versions.isStrictVersion("3. 2")).isFalse();
        assertThat(Versions.isStrictVersion("3.2.0\n")).isFalse();
        assertThat(Versions.isStrictVersion("3.2\t0")).isFalse();
        assertThat(Versions.isStrictVersion("3.2.0\u00a0")).as("non-ASCII space").isFalse();
        assertThat(Versions.isStrictVersion("3.\u0662")).as("non-ASCII digit").isFalse();
    }

    @Test
    void strictVersionAcceptsWhatADriverWrites() {
        assertThat(Versions.isStrictVersion("3.2.0")).isTrue();
        assertThat(Versions.isStrictVersion("7")).isTrue();
        assertThat(Versions.isStrictVersion("535.104.05")).isTrue();
        assertThat(Versions.isStrictVersion("2.1.0-rc1+b7")).isTrue();
        assertThat(Versions.isStrictVersion("3.x")).as("as isVersion: later parts may be text").isTrue();
    }

    @Test
    void strictVersionRefusesEmptyPartsAndEmptySuffixes() {
        assertThat(Versions.isStrictVersion(null)).isFalse();
        assertThat(Versions.isStrictVersion("")).isFalse();
        assertThat(Versions.isStrictVersion("1..2")).isFalse();
        assertThat(Versions.isStrictVersion("1.")).isFalse();
        assertThat(Versions.isStrictVersion("v2.1")).isFalse();
        assertThat(Versions.isStrictVersion("3.2-")).isFalse();
        assertThat(Versions.isStrictVersion("3.2+")).isFalse();
        assertThat(Versions.isStrictVersion("3.2-+b7")).isFalse();
        assertThat(Versions.isStrictVersion("-rc1")).isFalse();
        // The lenient form accepts empty suffixes.
        assertThat(Versions.isVersion("3.2-")).isTrue();
    }

    @Test
    void hex64AtItsBoundaries() {
        assertThat(Fields.hex64("0", -7)).isZero();
        assertThat(Fields.hex64("0x10de", -1)).isEqualTo(0x10de);
        assertThat(Fields.hex64("0X591D", -1)).isEqualTo(0x591d);
        assertThat(Fields.hex64("7fffffffffffffff", 0)).isEqualTo(Long.MAX_VALUE);
        assertThat(Fields.hex64("0x8000000000000000", 0)).isEqualTo(Long.MIN_VALUE);
        assertThat(Fields.hex64("0xffffffffffffffff", 0)).isEqualTo(-1L);
        assertThat(Fields.hex64("0x0000000000000001", 0)).as("16 digits, leading zeros counted").isEqualTo(1);
        // 17 digits, even leading zeros, are refused: the count is of digits, not of value.
        assertThat(Fields.hex64("0x00000000000000001", 5)).isEqualTo(5);
        assertThat(Fields.hex64("1ffffffffffffffff", 5)).isEqualTo(5);
        assertThat(Fields.isHex64("0xffffffffffffffff")).isTrue();
        assertThat(Fields.isHex64("0x1ffffffffffffffff")).isFalse();
    }

    @Test
    void hex64RefusesWhatHexTrimsOrAccepts() {
        for (String bad : new String[] {null, "", "0x", "0X", "x10", "0x0x1", " 0x1", "0x1 ", "0x 1", "-1", "+1",
                "0x_1", "1_0", "0xg", "\uff11", "0x\u0661", "0o17"}) {
            assertThat(Fields.isHex64(bad)).as("'%s'", bad).isFalse();
            assertThat(Fields.hex64(bad, 42)).as("'%s'", bad).isEqualTo(42);
        }
        assertThat(Fields.hex(" 0x1")).as("hex trims; hex64 does not").isEqualTo(1);
    }

    @Test
    void coversBitsAndMissingBits() {
        assertThat(Fields.coversBits("0xff", "0x0f")).isTrue();
        assertThat(Fields.coversBits("0x0f", "0x0f")).as("equal masks").isTrue();
        assertThat(Fields.coversBits("0x0f", "0x1f")).isFalse();
        assertThat(Fields.coversBits("0", "0")).isTrue();
        assertThat(Fields.coversBits("0xffffffffffffffff", "0x8000000000000001")).isTrue();
        assertThat(Fields.coversBits("0x7fffffffffffffff", "0x8000000000000000")).as("the top bit").isFalse();
        assertThat(Fields.missingBits("0x0f", "0x1f")).isEqualTo("0x10");
        assertThat(Fields.missingBits("0xff", "0x0f")).isEqualTo("0x0");
        assertThat(Fields.missingBits("0", "0xFFFFFFFFFFFFFFFF")).isEqualTo("0xffffffffffffffff");
        assertThat(Fields.missingBits("0x7fffffffffffffff", "0x8000000000000000")).isEqualTo("0x8000000000000000");
    }

    @Test
    void maskHelpersAreFalseOrEmptyForNonMasks() {
        assertThat(Fields.coversBits(null, "0x1")).isFalse();
        assertThat(Fields.coversBits("0x1", null)).isFalse();
        assertThat(Fields.coversBits("0xff", "")).isFalse();
        assertThat(Fields.coversBits("0xff ", "0x1")).isFalse();
        assertThat(Fields.coversBits("0x1ffffffffffffffff", "0x1")).isFalse();
        assertThat(Fields.missingBits(null, "0x1")).isEmpty();
        assertThat(Fields.missingBits("0x1", "zz")).isEmpty();
    }
}
