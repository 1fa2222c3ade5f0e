package org.vfiocompat.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionsTest {

    private static int sign(int c) {
        return Integer.signum(c);
    }

    @ParameterizedTest(name = "compare({0}, {1}) has sign {2}")
    @CsvSource(delimiter = '|', textBlock = """
            535.104.05          | 535.54.03            |  1
            535.54.03           | 535.104.05           | -1
            1.2                 | 1.2.0                |  0
            1.2.0.0             | 1.2                  |  0
            1.2                 | 1.2.1                | -1
            01.002.0003         | 1.2.3                |  0
            007                 | 7                    |  0
            0                   | 00000                |  0
            1.10                | 1.9                  |  1
            1.0-rc1             | 1.0                  | -1
            1.0                 | 1.0-rc1              |  1
            1.0-rc1             | 1.0-rc2              | -1
            1.0-alpha           | 1.0-beta             | -1
            1.0-rc1             | 0.9                  |  1
            1.0-rc1             | 1.0.0-rc1            |  0
            2.1.0+build7        | 2.1.0+build8         |  0
            2.1.0+build7        | 2.1.0                |  0
            2.1.0-rc1+build7    | 2.1.0-rc1            |  0
            2.1.0-rc1+build7    | 2.1.0                | -1
            1.0.5               | 1.0.a                | -1
            1.0.a               | 1.0.5                |  1
            1.0.999999          | 1.0.a                | -1
            1.a                 | 1.b                  | -1
            1.a                 | 1                    |  1
            22.39.1002          | 22.39.999            |  1
            5.4.0               | 5.4.0                |  0
            """)
    void compareExamples(String a, String b, int expected) {
        assertThat(sign(Versions.compare(a, b))).isEqualTo(expected);
        assertThat(sign(Versions.compare(b, a))).isEqualTo(-expected);
    }

    @Test
    void numericPartsBeyondLongRangeCompareAsNumbers() {
        String big = "99999999999999999999999999";       // 26 digits, far beyond Long.MAX_VALUE
        String bigger = "100000000000000000000000000";   // 27 digits
        assertThat(Versions.compare("1." + big, "1." + bigger)).isNegative();
        assertThat(Versions.compare(bigger, big)).isPositive();
        assertThat(Versions.compare("1." + big, "1.9223372036854775807")).isPositive();
        assertThat(Versions.compare("0000" + big, big)).isZero();
        // Same length: digit-wise comparison.
        assertThat(Versions.compare("18446744073709551617", "18446744073709551616")).isPositive();
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(Versions.compare("  1.2.3 ", "1.2.3")).isZero();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "-", "+", ".", "..", "-+-", "+1.0", "a-b-c", "\u0000", "1.0-", "\uD800"})
    void compareNeverThrows(String odd) {
        assertThatCode(() -> {
            Versions.compare(odd, "1.0");
            Versions.compare("1.0", odd);
            Versions.compare(odd, odd);
            Versions.compare(odd, null);
            Versions.atLeast(odd, null);
            Versions.older(null, odd);
            Versions.newer(odd, "");
            Versions.major(odd);
            Versions.minor(odd);
            Versions.sameMajor(odd, null);
            Versions.isVersion(odd);
        }).doesNotThrowAnyException();
    }

    @Test
    void nullAndEmptyCompareEqualToEachOther() {
        assertThat(Versions.compare(null, null)).isZero();
        assertThat(Versions.compare(null, "")).isZero();
        assertThat(Versions.compare("", null)).isZero();
    }

    @Test
    void missingVersionNeverLooksNewerThanARealOne() {
        // Regression: an empty part used to compare as text, i.e. after every number, so a missing
        // driver version satisfied any minimum.
        assertThat(Versions.atLeast("", "535.54.03")).isFalse();
        assertThat(Versions.atLeast(null, "0.1")).isFalse();
        assertThat(Versions.newer("", "1")).isFalse();
        assertThat(Versions.compare("", "0")).isZero();
        assertThat(Versions.compare(null, "0.0.0")).isZero();
        assertThat(Versions.compare("1.", "1.9")).isNegative();
        assertThat(Versions.compare("1..2", "1.0.2")).isZero();
        assertThat(Versions.compare("-rc1", "0")).isNegative();
    }

    @Test
    void nullIsOlderThanARealVersion() {
        assertThat(Versions.older(null, "1.0")).isTrue();
        assertThat(Versions.atLeast(null, "1.0")).isFalse();
    }

    @Test
    void atLeastOlderNewer() {
        assertThat(Versions.atLeast("535.104.05", "535.54.03")).isTrue();
        assertThat(Versions.atLeast("1.2", "1.2.0")).isTrue();
        assertThat(Versions.atLeast("1.0-rc1", "1.0")).isFalse();
        assertThat(Versions.older("1.0-rc1", "1.0")).isTrue();
        assertThat(Versions.older("1.2", "1.2.0")).isFalse();
        assertThat(Versions.newer("1.2", "1.2.0")).isFalse();
        assertThat(Versions.newer("2.0", "1.99")).isTrue();
        assertThat(Versions.older("2.0", "1.99")).isFalse();
    }

    @ParameterizedTest(name = "major({0}) = {1}, minor({0}) = {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            535.104.05               | 535 | 104
            5.4.0                    |   5 |   4
            2.1.0-rc1+build7         |   2 |   1
            7                        |   7 |   0
            7-rc1                    |   7 |   0
            007.08                   |   7 |   8
            0000000000000000000005.1 |   5 |   1
            x.1                      |  -1 |   1
            1.x                      |   1 |  -1
            ''                       |  -1 |   0
            NULL                     |  -1 |   0
            -1.2                     |  -1 |   0
            +1.2                     |  -1 |   0
            5 .1                     |  -1 |   1
            1. 2                     |   1 |  -1
            99999999999999999999.1   |  -1 |   1
            """)
    void majorAndMinor(String version, long major, long minor) {
        assertThat(Versions.major(version)).isEqualTo(major);
        assertThat(Versions.minor(version)).isEqualTo(minor);
    }

    @Test
    void sameMajor() {
        assertThat(Versions.sameMajor("5.4.0", "5.10")).isTrue();
        assertThat(Versions.sameMajor("05.4", "5.0-rc1")).isTrue();
        assertThat(Versions.sameMajor("5.4.0", "6.0")).isFalse();
        assertThat(Versions.sameMajor("x.1", "x.1")).as("non-numeric majors are never the same").isFalse();
        assertThat(Versions.sameMajor(null, null)).isFalse();
        assertThat(Versions.sameMajor("", "")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "0", "1.2", "535.104.05", "2.1.0-rc1+build7", "1.x", "1.0-", "7+meta",
            "12345678901234567890.1", " 1.2 "})
    void validVersions(String v) {
        assertThat(Versions.isVersion(v)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "x.1", "1..2", ".1", "1.", "1.2.", "v1.2", "-1", "+1", "1 .2", "a", "-", "..",
            "\u0663.1"})
    void invalidVersions(String v) {
        assertThat(Versions.isVersion(v)).isFalse();
    }
}
