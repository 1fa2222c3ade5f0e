package org.vfiocompat.engine.importer;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The id conversions lspci's and sysfs's readers share, so one function reads the same through either. */
class PciFactsTest {

    @Test
    void aByteIdIsTwoLowerCaseHexDigitsOrNothing() {
        assertThat(PciFacts.byteId("0x30")).isEqualTo("30");
        assertThat(PciFacts.byteId("30")).isEqualTo("30");
        assertThat(PciFacts.byteId(" 0xA1\n")).isEqualTo("a1");
        assertThat(PciFacts.byteId("1")).isEqualTo("01");
        assertThat(PciFacts.byteId("0x00")).isEqualTo("00");
        // a revision file holding more than a byte is no revision (it was read as its last byte)
        assertThat(PciFacts.byteId("0x1234")).isNull();
        assertThat(PciFacts.byteId("0x100")).isNull();
        assertThat(PciFacts.byteId("")).isNull();
        assertThat(PciFacts.byteId("zz")).isNull();
        assertThat(PciFacts.byteId(null)).isNull();
    }

    @Property
    void everyByteReadsBackAsItself(@ForAll @IntRange(min = 0, max = 255) int b, @ForAll boolean prefix, @ForAll boolean upper) {
        String hex = Integer.toHexString(b);
        String raw = (prefix ? "0x" : "") + (upper ? hex.toUpperCase(java.util.Locale.ROOT) : hex);
        assertThat(PciFacts.byteId(raw)).isEqualTo(String.format("%02x", b));
        assertThat(Integer.parseInt(PciFacts.byteId(raw), 16)).isEqualTo(b);
    }

    @Property
    void nothingAboveAByteIsOne(@ForAll @IntRange(min = 256, max = 0xffff) int v) {
        assertThat(PciFacts.byteId("0x" + Integer.toHexString(v))).isNull();
    }
}
