package org.vfiocompat.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldsTest {

    private static final String GVT_VERSION = "8086-591d-i915-GVTg_V5_4-1.2";

    // ------------------------------------------------------------------ split / count

    @Test
    void splitKeepsEmptyFields() {
        assertThat(Fields.split("a,,b", ",")).containsExactly("a", "", "b");
        assertThat(Fields.split(",a,", ",")).containsExactly("", "a", "");
        assertThat(Fields.split(",", ",")).containsExactly("", "");
        assertThat(Fields.split("", ",")).containsExactly("");
        assertThat(Fields.split("abc", ",")).containsExactly("abc");
    }

    @Test
    void splitSeparatorsAreLiteralNotRegex() {
        assertThat(Fields.split("1.2.3", ".")).containsExactly("1", "2", "3");
        assertThat(Fields.split("a|b|c", "|")).containsExactly("a", "b", "c");
        assertThat(Fields.split("a*b", "*")).containsExactly("a", "b");
        assertThat(Fields.split("a.b", "a*")).containsExactly("a.b");
        assertThat(Fields.split("x[0]y", "[0]")).containsExactly("x", "y");
        assertThat(Fields.split("a\\sb c", "\\s")).containsExactly("a", "b c");
        assertThat(Fields.split("a$b", "$")).containsExactly("a", "b");
    }

    @Test
    void splitOnMultiCharacterSeparator() {
        assertThat(Fields.split("a::b::::c", "::")).containsExactly("a", "b", "", "c");
        // Non-overlapping, left to right.
        assertThat(Fields.split("aaa", "aa")).containsExactly("", "a");
    }

    @Test
    void splitOfNullAndWithoutSeparator() {
        assertThat(Fields.split(null, ",")).isEmpty();
        assertThat(Fields.split("a,b", null)).containsExactly("a,b");
        assertThat(Fields.split("a,b", "")).containsExactly("a,b");
        assertThat(Fields.count(null, ",")).isZero();
        assertThat(Fields.count("a,b", "")).isEqualTo(1);
    }

    @Test
    void splitResultIsUnmodifiable() {
        List<String> parts = Fields.split("a,b", ",");
        assertThatThrownBy(() -> parts.add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Fields.split(null, ",").add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void count() {
        assertThat(Fields.count(GVT_VERSION, "-")).isEqualTo(5);
        assertThat(Fields.count("", "-")).isEqualTo(1);
        assertThat(Fields.count("--", "-")).isEqualTo(3);
    }

    // ------------------------------------------------------------------ field / slice

    @ParameterizedTest(name = "field({1}) = {0}")
    @CsvSource({
            "8086, 0", "591d, 1", "i915, 2", "GVTg_V5_4, 3", "1.2, 4",
            "1.2, -1", "GVTg_V5_4, -2", "8086, -5",
            "'', 5", "'', -6", "'', 2147483647", "'', -2147483648"})
    void field(String expected, int index) {
        assertThat(Fields.field(GVT_VERSION, "-", index)).isEqualTo(expected);
    }

    @Test
    void fieldOfNullAndEmpty() {
        assertThat(Fields.field(null, "-", 0)).isEmpty();
        assertThat(Fields.field(null, "-", -1)).isEmpty();
        assertThat(Fields.field("", "-", 0)).isEmpty();
        assertThat(Fields.field("a--b", "-", 1)).isEmpty();
        assertThat(Fields.field("a--b", "-", 2)).isEqualTo("b");
    }

    @Test
    void sliceExamples() {
        assertThat(Fields.slice(GVT_VERSION, "-", 2, -1)).isEqualTo("i915-GVTg_V5_4");
        assertThat(Fields.slice(GVT_VERSION, "-", 0, 2)).isEqualTo("8086-591d");
        assertThat(Fields.slice(GVT_VERSION, "-", -1, 5)).isEqualTo("1.2");
        assertThat(Fields.slice(GVT_VERSION, "-", 0, 5)).isEqualTo(GVT_VERSION);
        assertThat(Fields.slice(GVT_VERSION, "-", -100, 100)).isEqualTo(GVT_VERSION);
        assertThat(Fields.slice(GVT_VERSION, "-", 3, 3)).isEmpty();
        assertThat(Fields.slice(GVT_VERSION, "-", 4, 2)).isEmpty();
        assertThat(Fields.slice(GVT_VERSION, "-", 1, -4)).isEmpty();
        assertThat(Fields.slice(GVT_VERSION, "-", 7, 9)).isEmpty();
        assertThat(Fields.slice(GVT_VERSION, "-", Integer.MIN_VALUE, Integer.MAX_VALUE)).isEqualTo(GVT_VERSION);
        assertThat(Fields.slice(GVT_VERSION, "-", Integer.MAX_VALUE, Integer.MIN_VALUE)).isEmpty();
        assertThat(Fields.slice("8086-591d-vfio-pci-2.1.0", "-", 2, -1)).isEqualTo("vfio-pci");
        assertThat(Fields.slice("a::b::c", "::", 1, 3)).isEqualTo("b::c");
        assertThat(Fields.slice(null, "-", 0, 1)).isEmpty();
        assertThat(Fields.slice("a-b", null, 0, 1)).isEqualTo("a-b");
    }

    // ------------------------------------------------------------------ before / after

    @Test
    void beforeAndAfter() {
        assertThat(Fields.before("2.1.0-rc1-x", "-")).isEqualTo("2.1.0");
        assertThat(Fields.after("2.1.0-rc1-x", "-")).isEqualTo("rc1-x");
        assertThat(Fields.before("2.1.0", "-")).isEqualTo("2.1.0");
        assertThat(Fields.after("2.1.0", "-")).isEmpty();
        assertThat(Fields.before("-x", "-")).isEmpty();
        assertThat(Fields.after("x-", "-")).isEmpty();
        assertThat(Fields.before("k := v", ":=")).isEqualTo("k ");
        assertThat(Fields.after("k := v", ":=")).isEqualTo(" v");
        assertThat(Fields.before("a.b", ".")).isEqualTo("a");
    }

    @Test
    void beforeAndAfterWithNulls() {
        assertThat(Fields.before(null, "-")).isEmpty();
        assertThat(Fields.after(null, "-")).isEmpty();
        assertThat(Fields.before("a-b", null)).isEqualTo("a-b");
        assertThat(Fields.before("a-b", "")).isEqualTo("a-b");
        assertThat(Fields.after("a-b", null)).isEmpty();
        assertThat(Fields.after("a-b", "")).isEmpty();
    }

    // ------------------------------------------------------------------ key/value lists

    @Test
    void keyValuesOnNvidiaTypeDescription() {
        SortedMap<String, String> kv = Fields.keyValues(
                "num_heads=4, frl_config=60, framebuffer=2048M, max_resolution=5120x2880, max_instance=8");
        assertThat(kv).containsExactly(
                entry("framebuffer", "2048M"),
                entry("frl_config", "60"),
                entry("max_instance", "8"),
                entry("max_resolution", "5120x2880"),
                entry("num_heads", "4"));
        assertThat(Fields.get(kv, "framebuffer")).isEqualTo("2048M");
        assertThat(Fields.get(kv, "missing")).isEmpty();
        assertThat(Fields.number(Fields.get(kv, "max_instance"), -1)).isEqualTo(8);
    }

    @Test
    void keyValuesEdgeCases() {
        // items without '=' and with an empty key skipped; last repeated key wins; split once on '='
        assertThat(Fields.keyValues("a=1, junk, =2, b = x=y ,a=3,,  "))
                .containsExactly(entry("a", "3"), entry("b", "x=y"));
        assertThat(Fields.keyValues("k=")).containsExactly(entry("k", ""));
        assertThat(Fields.keyValues(null)).isEmpty();
        assertThat(Fields.keyValues("")).isEmpty();
        assertThatThrownBy(() -> Fields.keyValues("a=1").put("b", "2"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n"})
    void keyColonValuesOnGvtgTypeDescription(String eol) {
        String description = String.join(eol,
                "low_gm_size: 128MB", "high_gm_size: 512MB", "fence: 4", "resolution: 1920x1200", "weight: 4");
        SortedMap<String, String> kv = Fields.keyColonValues(description + eol);
        assertThat(kv).containsExactly(
                entry("fence", "4"),
                entry("high_gm_size", "512MB"),
                entry("low_gm_size", "128MB"),
                entry("resolution", "1920x1200"),
                entry("weight", "4"));
        assertThat(kv.values()).noneMatch(v -> v.contains("\r"));
    }

    @Test
    void keyColonValuesEdgeCases() {
        assertThat(Fields.keyColonValues("no colon here\n: orphan\nurl: http://x:80\n  spaced  :  v  \n"))
                .containsExactly(entry("spaced", "v"), entry("url", "http://x:80"));
        assertThat(Fields.keyColonValues(null)).isEmpty();
        // One line: not split on ","
        assertThat(Fields.keyColonValues("a: 1, b: 2")).containsExactly(entry("a", "1, b: 2"));
    }

    @Test
    void pairsWithCustomSeparators() {
        assertThat(Fields.pairs("a->1;b->2;c", ";", "->")).containsExactly(entry("a", "1"), entry("b", "2"));
        assertThat(Fields.pairs("a=1", ";", null)).isEmpty();
        assertThat(Fields.pairs("a=1", ";", "")).isEmpty();
        assertThat(Fields.pairs("a=1;b=2", null, "=")).containsExactly(entry("a", "1;b=2"));
    }

    @Test
    void get() {
        Map<String, String> plain = new HashMap<>(Map.of("k", "v"));
        assertThat(Fields.get(plain, "k")).isEqualTo("v");
        assertThat(Fields.get(plain, "x")).isEmpty();
        assertThat(Fields.get(null, "k")).isEmpty();
        // Regression: the maps returned by keyValues are TreeMaps, whose get(null) throws.
        assertThat(Fields.get(Fields.keyValues("a=1"), null)).isEmpty();
        assertThat(Fields.get(null, null)).isEmpty();
    }

    // ------------------------------------------------------------------ numbers

    @ParameterizedTest(name = "hex({0}) = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0x10de            | 4318
            0X10DE            | 4318
            10de              | 4318
            15B3              | 5555
            15b3              | 5555
            ' 0x15b3 '        | 5555
            0                 | 0
            0x0               | 0
            fffffffffffffff   | 1152921504606846975
            0xfffffffffffffff | 1152921504606846975
            000000000000001   | 1
            ''                | -1
            0x                | -1
            x10de             | -1
            10dg              | -1
            -1                | -1
            +1                | -1
            0x-1              | -1
            1 0               | -1
            0x0x1             | -1
            1000000000000000  | -1
            ffffffffffffffff  | -1
            0x0000000000000001| -1
            """)
    void hex(String s, long expected) {
        assertThat(Fields.hex(s)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0663", "\uFF11\uFF10", "\uFF21", "0x\u0661\u0660de", "\uFF41"})
    void hexRejectsNonAsciiDigitsAndLetters(String s) {
        // Regression: Character.digit accepts Arabic-Indic digits and fullwidth Latin letters.
        assertThat(Fields.hex(s)).isEqualTo(-1);
    }

    @Test
    void hexOfNull() {
        assertThat(Fields.hex(null)).isEqualTo(-1);
    }

    @ParameterizedTest(name = "number({0}) = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            42                   | 42
            -42                  | -42
            +42                  | 42
            ' 7 '                | 7
            007                  | 7
            -0                   | 0
            999999999999999999   | 999999999999999999
            -999999999999999999  | -999999999999999999
            1000000000000000000  | -5
            ''                   | -5
            -                    | -5
            +                    | -5
            1.5                  | -5
            1e3                  | -5
            0x10                 | -5
            '1 2'                | -5
            --1                  | -5
            '- 1'                | -5
            \u0663               | -5
            """)
    void number(String s, long expected) {
        assertThat(Fields.number(s, -5)).isEqualTo(expected);
    }

    @Test
    void numberOfNullIsTheFallback() {
        assertThat(Fields.number(null, 99)).isEqualTo(99);
        assertThat(Fields.number(null, -1)).isEqualTo(-1);
    }
}
