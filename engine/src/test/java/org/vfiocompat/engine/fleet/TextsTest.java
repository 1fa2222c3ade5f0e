package org.vfiocompat.engine.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Every string reads back from {@link Texts} exactly as appended, whatever its characters, and so does a copy. */
class TextsTest {

    @Provide
    Arbitrary<List<String>> strings() {
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(60); // lone surrogates and all
        Arbitrary<String> latin = Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(60);
        Arbitrary<String> uuid = Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()).toString());
        Arbitrary<String> upperUuid = uuid.map(String::toUpperCase);
        Arbitrary<String> almostUuid = uuid.map(u -> u.substring(0, 35) + "g");
        Arbitrary<String> pci = Arbitraries.integers().between(0, 255).map(b -> String.format("0000:%02x:00.0", b));
        // A char past Latin-1 whose low byte is a hex digit (U+0161, 0x61 'a'), and '?', which is
        // what the encoder Texts reads through makes of such a char.
        Arbitrary<String> wideUuid = uuid.map(u -> u.substring(0, 35) + "\u0161");
        Arbitrary<String> question = latin.map(l -> l + "?" + l);
        return Arbitraries.oneOf(any, latin, uuid, upperUuid, almostUuid, wideUuid, question, pci, Arbitraries.just(""))
                .list().ofMaxSize(300);
    }

    @Property(tries = 300)
    void readsBackWhatWasAppended(@ForAll("strings") List<String> values) {
        Texts texts = new Texts();
        values.forEach(texts::add);
        Texts copy = new Texts();
        for (int i = 0; i < values.size(); i++) {
            copy.add("before");
            copy.addFrom(texts, i);
        }
        assertThat(texts.size()).isEqualTo(values.size());
        for (int i = 0; i < values.size(); i++) {
            assertThat(texts.get(i)).isEqualTo(values.get(i));
            assertThat(texts.isEmpty(i)).isEqualTo(values.get(i).isEmpty());
            assertThat(copy.get(2 * i + 1)).isEqualTo(values.get(i));
        }
    }

    @Test
    void uuidsArePackedAndEntriesLongerThanAPageGetOneOfTheirOwn() {
        Texts texts = new Texts();
        String big = "x".repeat(3 << 20);
        String id = "97ea814f-2c50-432e-8381-d738297f77ae";
        for (int i = 0; i < 200_000; i++) {
            texts.add(i == 100_000 ? big : id);
        }
        assertThat(Texts.isUuid(id)).isTrue();
        assertThat(texts.get(0)).isEqualTo(id);
        assertThat(texts.get(100_000)).isEqualTo(big);
        assertThat(texts.get(100_001)).isEqualTo(id);
        assertThat(texts.get(199_999)).isEqualTo(id);
    }
}
