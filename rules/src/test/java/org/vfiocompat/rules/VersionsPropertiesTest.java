package org.vfiocompat.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.WithNull;

class VersionsPropertiesTest {

    // ------------------------------------------------------------------ generators

    /** Digits, sometimes with leading zeros, sometimes far beyond the range of a long. */
    private static Arbitrary<String> numericPart() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 20).map(String::valueOf),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(4),
                Arbitraries.strings().numeric().ofMinLength(17).ofMaxLength(30));
    }

    private static Arbitrary<String> textPart() {
        return Arbitraries.strings().withChars("abcrz").withChars('0', '9').ofMinLength(1).ofMaxLength(4)
                .filter(s -> !s.chars().allMatch(Character::isDigit));
    }

    private static Arbitrary<String> release() {
        Arbitrary<String> rest = Arbitraries.frequencyOf(Tuple.of(4, numericPart()), Tuple.of(1, textPart()))
                .list().ofMaxSize(4)
                .map(parts -> parts.stream().map(p -> "." + p).collect(Collectors.joining()));
        return Combinators.combine(numericPart(), rest).as(String::concat);
    }

    /** A version of release, optional pre-release and optional build metadata. */
    @Provide
    Arbitrary<String> versions() {
        Arbitrary<String> pre = Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.of("-rc1", "-rc2", "-alpha", "-beta.1", "-", "-0"));
        Arbitrary<String> build = Arbitraries.of("", "", "+build7", "+b.1-x");
        return Combinators.combine(release(), pre, build).as((r, p, b) -> r + p + b);
    }

    /** Versions plus junk, to check that the ordering is total on any input. */
    @Provide
    Arbitrary<String> anyVersionLike() {
        return Arbitraries.oneOf(versions(),
                Arbitraries.strings().withChars("0123.-+ab ").ofMaxLength(12),
                Arbitraries.strings().ofMaxLength(8));
    }

    @Provide
    Arbitrary<List<BigInteger>> numericLists() {
        return Arbitraries.oneOf(
                        Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(12)),
                        Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TEN.pow(30)))
                .list().ofMinSize(1).ofMaxSize(5);
    }

    // ------------------------------------------------------------------ compare is a total order

    @Property
    void compareIsReflexive(@ForAll("anyVersionLike") String a) {
        assertThat(Versions.compare(a, a)).isZero();
    }

    @Property
    void compareIsAntisymmetric(@ForAll("anyVersionLike") String a, @ForAll("anyVersionLike") String b) {
        assertThat(Integer.signum(Versions.compare(a, b))).isEqualTo(-Integer.signum(Versions.compare(b, a)));
    }

    @Property
    void compareIsTransitive(@ForAll("versions") String a, @ForAll("versions") String b,
                             @ForAll("versions") String c) {
        List<String> sorted = new ArrayList<>(List.of(a, b, c));
        sorted.sort(Versions::compare);
        String x = sorted.get(0);
        String y = sorted.get(1);
        String z = sorted.get(2);
        assertThat(Versions.compare(x, y)).isLessThanOrEqualTo(0);
        assertThat(Versions.compare(y, z)).isLessThanOrEqualTo(0);
        assertThat(Versions.compare(x, z)).isLessThanOrEqualTo(0);
        if (Versions.compare(x, y) < 0 || Versions.compare(y, z) < 0) {
            assertThat(Versions.compare(x, z)).isNegative();
        }
    }

    @Property
    void equalVersionsCompareTheSameToAThird(@ForAll("versions") String a, @ForAll("versions") String c) {
        // a, and a with leading zeros, trailing zero parts and other build metadata, are equal
        String b = padded(a);
        assertThat(Versions.compare(a, b)).isZero();
        assertThat(Integer.signum(Versions.compare(a, c))).isEqualTo(Integer.signum(Versions.compare(b, c)));
    }

    /** The same version spelt differently: leading zeros on the major, a trailing .0, other build metadata. */
    private static String padded(String v) {
        String noBuild = v.contains("+") ? v.substring(0, v.indexOf('+')) : v;
        int dash = noBuild.indexOf('-');
        String release = dash < 0 ? noBuild : noBuild.substring(0, dash);
        String pre = dash < 0 ? "" : noBuild.substring(dash);
        return "00" + release + ".0.00" + pre + "+other";
    }

    // ------------------------------------------------------------------ oracle for numeric versions

    @Property
    void compareAgreesWithBigIntegerLists(@ForAll("numericLists") List<BigInteger> a,
                                          @ForAll("numericLists") List<BigInteger> b,
                                          @ForAll boolean zeroPadA) {
        String va = a.stream().map(n -> (zeroPadA ? "000" : "") + n).collect(Collectors.joining("."));
        String vb = b.stream().map(BigInteger::toString).collect(Collectors.joining("."));
        assertThat(Integer.signum(Versions.compare(va, vb))).isEqualTo(Integer.signum(compareLists(a, b)));
    }

    private static int compareLists(List<BigInteger> a, List<BigInteger> b) {
        int n = Math.max(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            BigInteger x = i < a.size() ? a.get(i) : BigInteger.ZERO;
            BigInteger y = i < b.size() ? b.get(i) : BigInteger.ZERO;
            int c = x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Property
    void preReleaseSortsBeforeItsRelease(@ForAll("numericLists") List<BigInteger> r,
                                         @ForAll("preReleases") String pre) {
        String release = r.stream().map(BigInteger::toString).collect(Collectors.joining("."));
        assertThat(Versions.compare(release + "-" + pre, release)).isNegative();
        assertThat(Versions.older(release + "-" + pre, release)).isTrue();
    }

    @Provide
    Arbitrary<String> preReleases() {
        return Arbitraries.strings().withChars("abrc0123.").ofMaxLength(6);
    }

    @Property
    void buildMetadataIsIgnored(@ForAll("versions") String v, @ForAll("preReleases") String meta) {
        String noBuild = v.contains("+") ? v.substring(0, v.indexOf('+')) : v;
        assertThat(Versions.compare(noBuild + "+" + meta, noBuild)).isZero();
    }

    // ------------------------------------------------------------------ derived predicates

    @Property
    void atLeastOlderNewerAgreeWithCompare(@ForAll("anyVersionLike") String a, @ForAll("anyVersionLike") String b) {
        int c = Versions.compare(a, b);
        assertThat(Versions.atLeast(a, b)).isEqualTo(c >= 0);
        assertThat(Versions.older(a, b)).isEqualTo(c < 0);
        assertThat(Versions.newer(a, b)).isEqualTo(c > 0);
        assertThat(Versions.older(a, b)).isEqualTo(Versions.newer(b, a));
        assertThat(Versions.atLeast(a, b)).isNotEqualTo(Versions.older(a, b));
    }

    @Property
    void majorAndMinorOfGeneratedVersions(@ForAll("smallNumber") long major, @ForAll("smallNumber") long minor,
                                          @ForAll("versions") String tail, @ForAll boolean withMinor) {
        // tail supplies arbitrary further parts, pre-release and build metadata
        String rest = tail.substring(tail.indexOf('.') < 0 ? tail.length() : tail.indexOf('.'));
        String v = withMinor ? major + "." + minor + rest : String.valueOf(major);
        assertThat(Versions.major(v)).isEqualTo(major);
        assertThat(Versions.minor(v)).isEqualTo(withMinor ? minor : 0);
        assertThat(Versions.major("0" + v)).isEqualTo(major);
        assertThat(Versions.sameMajor(v, major + ".999")).isTrue();
        assertThat(Versions.sameMajor(v, (major + 1) + ".0")).isFalse();
    }

    @Provide
    Arbitrary<Long> smallNumber() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 20),
                Arbitraries.longs().between(0, 999_999_999_999_999_998L));
    }

    @Property
    void sameMajorIsSymmetric(@ForAll("anyVersionLike") String a, @ForAll("anyVersionLike") String b) {
        assertThat(Versions.sameMajor(a, b)).isEqualTo(Versions.sameMajor(b, a));
    }

    @Property
    void generatedVersionsAreVersions(@ForAll("versions") String v) {
        assertThat(Versions.isVersion(v)).isTrue();
    }

    @Property
    void versionsWithAnEmptyOrNonNumericLeadingPartAreNot(@ForAll("versions") String v,
                                                          @ForAll("textPrefix") String prefix) {
        assertThat(Versions.isVersion(prefix + "." + v)).isFalse();
        assertThat(Versions.isVersion("." + v)).isFalse();
        int dot = v.indexOf('.');
        if (dot > 0 && v.indexOf('-') < 0 && v.indexOf('+') < 0) {
            String withEmptyPart = v.substring(0, dot) + "." + v.substring(dot);
            assertThat(Versions.isVersion(withEmptyPart)).isFalse();
        }
    }

    @Provide
    Arbitrary<String> textPrefix() {
        return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(3);
    }

    @Property
    void neverThrows(@ForAll @WithNull String a, @ForAll @WithNull String b) {
        Versions.compare(a, b);
        Versions.atLeast(a, b);
        Versions.older(a, b);
        Versions.newer(a, b);
        Versions.major(a);
        Versions.minor(a);
        Versions.sameMajor(a, b);
        Versions.isVersion(a);
    }
}
