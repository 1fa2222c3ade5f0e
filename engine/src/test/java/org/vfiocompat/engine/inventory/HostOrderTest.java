package org.vfiocompat.engine.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * Host names repeated anywhere in a file are found, whatever order the hosts come in:
 * {@link FleetIndex} makes its set of names only once the hosts stop ascending (before that, a
 * name cannot repeat), so the orders that switch it on late, or on and off, are the cases here.
 * And the name check's ASCII shortcut says what {@link Character#isWhitespace} says.
 */
class HostOrderTest {

    /** One NDJSON line per name: a host with nothing on it. */
    private static byte[] ndjson(List<String> names) {
        StringBuilder out = new StringBuilder();
        names.forEach(n -> out.append("{\"name\":\"").append(n).append("\"}\n"));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The problems the model expects: each name seen on an earlier line repeats, at its line. */
    private static List<Problem> repeats(List<String> names) {
        Set<String> seen = new HashSet<>();
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (!seen.add(names.get(i))) {
                out.add(new Problem(ProblemCodes.INVENTORY_DUPLICATE, Location.pointer("fleet.ndjson", "/name").withLine(i + 1),
                        "host '" + names.get(i) + "' appears twice"));
            }
        }
        return out;
    }

    @Property(tries = 300)
    void everyRepeatedHostIsFoundInAnyOrder(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 12) Integer> picks)
            throws java.io.IOException {
        List<String> names = picks.stream().map(i -> "host-" + (char) ('a' + i)).toList();
        List<Problem> expected = repeats(names);

        java.nio.file.Path file = java.nio.file.Files.createTempFile("hosts", ".ndjson");
        try {
            java.nio.file.Files.write(file, ndjson(names));
            // In one piece, and in parts of about two lines read on two threads, then put together.
            List<java.util.function.Supplier<InventoryContent>> reads = List.of(
                    () -> InventoryReader.read(ndjson(names), "fleet.ndjson"),
                    () -> InventoryReader.read(file, "fleet.ndjson", 2, 40, p -> { }));
            for (java.util.function.Supplier<InventoryContent> read : reads) {
                if (expected.isEmpty()) {
                    assertThat(read.get().hosts()).containsExactlyElementsOf(new TreeSet<>(names));
                } else {
                    InvalidInventoryException e = catchThrowableOfType(InvalidInventoryException.class, read::get);
                    assertThat(e.problems()).containsExactlyElementsOf(expected);
                }
            }
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void aNameRepeatedAfterAscendingHostsIsFoundAtItsLine() {
        List<String> names = List.of("host-a", "host-b", "host-c", "host-a", "host-d", "host-c");

        InvalidInventoryException e = catchThrowableOfType(InvalidInventoryException.class,
                () -> InventoryReader.read(ndjson(names), "fleet.ndjson"));

        assertThat(e.problems()).extracting(p -> p.location().line()).containsExactly(java.util.OptionalInt.of(4), java.util.OptionalInt.of(6));
    }

    @Test
    void theNameCheckAgreesWithCharacterForEveryChar() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String name = "a" + (char) c + "b";
            boolean expected = c != '/' && !Character.isWhitespace((char) c);
            assertThat(FleetIndex.validName(name)).as("U+%04X", c).isEqualTo(expected);
        }
    }
}
