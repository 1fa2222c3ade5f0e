package org.vfiocompat.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.WithNull;

class FieldsPropertiesTest {

    /** Strings over a small alphabet, so that separators from the same alphabet actually occur. */
    @Provide
    Arbitrary<String> dense() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab-.|*").ofMaxLength(30),
                Arbitraries.strings().ofMaxLength(30));
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab-.|*").ofMinLength(1).ofMaxLength(3),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(2));
    }

    // ------------------------------------------------------------------ split

    @Property
    void joinOfSplitIsIdentity(@ForAll("dense") String s, @ForAll("separators") String sep) {
        assertThat(String.join(sep, Fields.split(s, sep))).isEqualTo(s);
    }

    @Property
    void joinOfSplitIsIdentityForArbitraryStrings(@ForAll String s, @ForAll String sep) {
        assertThat(String.join(sep, Fields.split(s, sep))).isEqualTo(s);
    }

    @Property
    void splitAgreesWithQuotedRegexSplitKeepingEmptyFields(@ForAll("dense") String s,
                                                           @ForAll("separators") String sep) {
        List<String> expected = Arrays.asList(s.split(Pattern.quote(sep), -1));
        assertThat(Fields.split(s, sep)).isEqualTo(expected);
        assertThat(Fields.count(s, sep)).isEqualTo(expected.size());
    }

    @Property
    void fieldsNeverContainTheSeparator(@ForAll("dense") String s, @ForAll("separators") String sep) {
        assertThat(Fields.split(s, sep)).allSatisfy(part -> assertThat(part).doesNotContain(sep));
    }

    // ------------------------------------------------------------------ field / slice

    @Property
    void fieldAgreesWithSplitForEveryIndex(@ForAll("dense") String s, @ForAll("separators") String sep,
                                           @ForAll @IntRange(min = -40, max = 40) int index) {
        List<String> parts = Fields.split(s, sep);
        int n = parts.size();
        String expected = index >= 0 && index < n ? parts.get(index)
                : index < 0 && n + index >= 0 ? parts.get(n + index) : "";
        assertThat(Fields.field(s, sep, index)).isEqualTo(expected);
    }

    @Property
    void negativeFieldIndexCountsFromTheEnd(@ForAll("dense") String s, @ForAll("separators") String sep) {
        int n = Fields.count(s, sep);
        for (int index = 0; index < n; index++) {
            assertThat(Fields.field(s, sep, index - n)).isEqualTo(Fields.field(s, sep, index));
        }
        assertThat(Fields.field(s, sep, -n - 1)).isEmpty();
        assertThat(Fields.field(s, sep, n)).isEmpty();
    }

    @Property
    void sliceIsJoinOfSubList(@ForAll("dense") String s, @ForAll("separators") String sep,
                              @ForAll @IntRange(min = -12, max = 12) int from,
                              @ForAll @IntRange(min = -12, max = 12) int to) {
        List<String> parts = Fields.split(s, sep);
        int n = parts.size();
        int a = Math.max(0, from < 0 ? n + from : from);
        int b = Math.min(n, to < 0 ? n + to : to);
        String expected = a < b ? String.join(sep, parts.subList(a, b)) : "";
        assertThat(Fields.slice(s, sep, from, to)).isEqualTo(expected);
    }

    @Property
    void sliceOfAllFieldsIsTheInput(@ForAll("dense") String s, @ForAll("separators") String sep) {
        assertThat(Fields.slice(s, sep, 0, Fields.count(s, sep))).isEqualTo(s);
        assertThat(Fields.slice(s, sep, -Fields.count(s, sep), Integer.MAX_VALUE)).isEqualTo(s);
    }

    @Property
    void adjacentSlicesJoinToTheWhole(@ForAll("dense") String s, @ForAll("separators") String sep) {
        int n = Fields.count(s, sep);
        for (int cut = 1; cut < n; cut++) {
            assertThat(Fields.slice(s, sep, 0, cut) + sep + Fields.slice(s, sep, cut, n)).isEqualTo(s);
            assertThat(Fields.slice(s, sep, 0, cut - n) + sep + Fields.slice(s, sep, cut - n, n)).isEqualTo(s);
        }
    }

    // ------------------------------------------------------------------ before / after

    @Property
    void beforeSepAfterRebuildsTheInput(@ForAll("dense") String s, @ForAll("separators") String sep) {
        String before = Fields.before(s, sep);
        String after = Fields.after(s, sep);
        if (s.contains(sep)) {
            assertThat(before + sep + after).isEqualTo(s);
            assertThat(before).doesNotContain(sep);
            assertThat(before).isEqualTo(Fields.field(s, sep, 0));
            assertThat(after).isEqualTo(Fields.slice(s, sep, 1, Integer.MAX_VALUE));
        } else {
            assertThat(before).isEqualTo(s);
            assertThat(after).isEmpty();
        }
    }

    // ------------------------------------------------------------------ key/value lists

    /** Keys without separators or blanks; values may contain ':' and '=' (split once) but not ','. */
    @Provide
    Arbitrary<Map<String, String>> attributeMaps() {
        Arbitrary<String> keys = Arbitraries.strings().withCharRange('a', 'z').withChars('_', '.')
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> values = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars('x', 'M', '_', ':', '=').ofMaxLength(10);
        return Arbitraries.maps(keys, values).ofMaxSize(8);
    }

    @Property
    void keyValuesParsesWhatWasFormatted(@ForAll("attributeMaps") Map<String, String> attrs,
                                         @ForAll boolean spaced) {
        String text = attrs.entrySet().stream()
                .map(e -> e.getKey() + (spaced ? " = " : "=") + e.getValue())
                .collect(Collectors.joining(spaced ? " , " : ","));
        assertThat(Fields.keyValues(text)).isEqualTo(new TreeMap<>(attrs));
    }

    @Property
    void keyColonValuesParsesWhatWasFormatted(@ForAll("attributeMaps") Map<String, String> attrs,
                                              @ForAll boolean crlf) {
        String text = attrs.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(crlf ? "\r\n" : "\n"));
        assertThat(Fields.keyColonValues(text)).isEqualTo(new TreeMap<>(attrs));
    }

    @Property
    void pairsHaveTrimmedNonEmptyKeysAndTrimmedValues(@ForAll("dense") String s) {
        SortedMap<String, String> kv = Fields.pairs(s, "|", "-");
        assertThat(kv).allSatisfy((k, v) -> {
            assertThat(k).isNotEmpty().isEqualTo(k.trim()).doesNotContain("|", "-");
            assertThat(v).isEqualTo(v.trim()).doesNotContain("|");
            assertThat(Fields.get(kv, k)).isEqualTo(v);
        });
        assertThat(kv.size()).isLessThanOrEqualTo(Fields.count(s, "|"));
    }

    // ------------------------------------------------------------------ numbers

    @Property
    void hexParsesFormattedNumbers(@ForAll @LongRange(min = 0, max = 0xfffffffffffffffL) long n,
                                   @ForAll boolean prefix, @ForAll boolean upper) {
        String digits = Long.toHexString(n);
        String text = (prefix ? "0x" : "") + (upper ? digits.toUpperCase(Locale.ROOT) : digits);
        assertThat(Fields.hex(text)).isEqualTo(n);
    }

    @Property
    void hexAcceptsExactlyOneToFifteenAsciiHexDigits(@ForAll("hexLike") String s) {
        String t = s.trim();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        boolean valid = t.matches("[0-9a-fA-F]{1,15}");
        long got = Fields.hex(s);
        if (valid) {
            assertThat(got).isEqualTo(Long.parseLong(t, 16));
        } else {
            assertThat(got).isEqualTo(-1);
        }
    }

    @Provide
    Arbitrary<String> hexLike() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789abcdefABCDEFxX -g\u0663\uFF21").ofMaxLength(19),
                Arbitraries.strings().ofMaxLength(6));
    }

    @Property
    void numberParsesFormattedNumbers(@ForAll @LongRange(min = -999_999_999_999_999_999L,
            max = 999_999_999_999_999_999L) long n, @ForAll boolean plus) {
        String text = (plus && n >= 0 ? "+" : "") + n;
        assertThat(Fields.number(text, Long.MIN_VALUE)).isEqualTo(n);
        assertThat(Fields.number(" " + text + "\t", Long.MIN_VALUE)).isEqualTo(n);
    }

    @Property
    void numberIsFallbackUnlessOneToEighteenDigits(@ForAll("numberLike") String s, @ForAll long fallback) {
        String t = s.trim();
        long got = Fields.number(s, fallback);
        if (t.matches("[+-]?[0-9]{1,18}")) {
            assertThat(got).isEqualTo(Long.parseLong(t));
        } else {
            assertThat(got).isEqualTo(fallback);
        }
    }

    @Provide
    Arbitrary<String> numberLike() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789+- .e\u0663").ofMaxLength(21),
                Arbitraries.strings().ofMaxLength(6));
    }

    // ------------------------------------------------------------------ totality and size

    @Property
    void noHelperThrows(@ForAll @WithNull String s, @ForAll @WithNull String sep, @ForAll @WithNull String kv,
                        @ForAll int i, @ForAll int j) {
        Fields.split(s, sep);
        Fields.count(s, sep);
        Fields.field(s, sep, i);
        Fields.slice(s, sep, i, j);
        Fields.before(s, sep);
        Fields.after(s, sep);
        Fields.keyValues(s);
        Fields.keyColonValues(s);
        Map<String, String> pairs = Fields.pairs(s, sep, kv);
        Fields.get(pairs, kv);
        Fields.get(null, kv);
        Fields.hex(s);
        Fields.number(s, i);
    }

    @Property
    void outputIsNeverLongerThanInput(@ForAll("denseOrNull") String s, @ForAll("separatorsOrNull") String sep,
                                      @ForAll @IntRange(min = -20, max = 20) int i,
                                      @ForAll @IntRange(min = -20, max = 20) int j) {
        int max = s == null ? 0 : s.length();
        assertThat(Fields.split(s, sep)).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(max));
        assertThat(Fields.field(s, sep, i).length()).isLessThanOrEqualTo(max);
        assertThat(Fields.slice(s, sep, i, j).length()).isLessThanOrEqualTo(max);
        assertThat(Fields.before(s, sep).length()).isLessThanOrEqualTo(max);
        assertThat(Fields.after(s, sep).length()).isLessThanOrEqualTo(max);
        assertThat(Fields.count(s, sep)).isLessThanOrEqualTo(max + 1);
        assertThat(Fields.keyValues(s)).allSatisfy((k, v) -> assertThat(k.length() + v.length()).isLessThan(max));
    }

    @Provide
    Arbitrary<String> denseOrNull() {
        return dense().injectNull(0.05);
    }

    @Provide
    Arbitrary<String> separatorsOrNull() {
        return Arbitraries.oneOf(separators(), Arbitraries.just("")).injectNull(0.05);
    }
}
