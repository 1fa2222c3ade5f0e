package org.vfiocompat.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A device's counts from its host alone: the fleet's candidates and the compatible ones, less
 * those on its own host (the sums the joins gave before); and the run's totals over them.
 */
class HostCountsTest {

    /** A host: sources as "id profile vm", candidates as "id profile kind". */
    private static HostRecord host(String name, List<String> sources, List<String> candidates) {
        String[][] s = sources.stream().map(x -> x.split(" ")).toArray(String[][]::new);
        String[][] c = candidates.stream().map(x -> x.split(" ")).toArray(String[][]::new);
        return new HostRecord(name, "f", 0, 1, column(s, 0), column(s, 1), column(s, 2), column(c, 0), column(c, 1), column(c, 2),
                new int[c.length]);
    }

    private static String[] column(String[][] rows, int i) {
        String[] out = new String[rows.length];
        for (int r = 0; r < rows.length; r++) {
            out[r] = rows[r][i];
        }
        return out;
    }

    @Test
    void eachSourceCountsTheCandidatesAndCompatibleOnesOffItsOwnHost() {
        // Groups: a EXISTING (3 candidates: 2 on h1, 1 on h2), a CREATABLE (1 on h2), b EXISTING (2 on h3).
        Map<String, Long> sizes = Map.of(HostCounts.group("a", "EXISTING"), 3L, HostCounts.group("a", "CREATABLE"), 1L,
                HostCounts.group("b", "EXISTING"), 2L);
        // Source profile x suits a (existing) and b; y suits a (creatable) only; z suits nothing.
        HostCounts counts = new HostCounts(sizes, Map.of("x", Set.of(HostCounts.group("a", "EXISTING"), HostCounts.group("b", "EXISTING")),
                "y", Set.of(HostCounts.group("a", "CREATABLE"))));
        List<HostRecord> hosts = List.of(
                host("h1", List.of("s1 x vm1", "s2 y vm2"), List.of("c1 a EXISTING", "c2 a EXISTING")),
                host("h2", List.of("s3 x vm3", "s4 y vm4", "s5 z vm5"), List.of("c3 a EXISTING", "t1 a CREATABLE")),
                host("h3", List.of(), List.of("c4 b EXISTING", "c5 b EXISTING")),
                host("h4", List.of("s6 x vm6"), List.of()));

        List<String> out = new ArrayList<>();
        for (HostRecord h : hosts) {
            long[] compatible = counts.compatibleElsewhere(h);
            for (int i = 0; i < h.sourceIds().length; i++) {
                out.add(h.host() + " " + h.sourceIds()[i] + " " + counts.candidatesElsewhere(h) + " " + compatible[i]);
            }
        }

        // 6 candidates in all; x is compatible with 5 of them, y with 1.
        assertThat(out).containsExactly(
                "h1 s1 4 3",
                "h1 s2 4 1",
                "h2 s3 4 4",
                "h2 s4 4 0",
                "h2 s5 4 0",
                "h4 s6 6 5");
        // Six devices, two with nothing compatible elsewhere (s4, s5), 4 * 5 + 6 candidate pairs.
        assertThat(counts.totals(hosts.iterator())).containsExactly(6, 2, 26);
    }
}
