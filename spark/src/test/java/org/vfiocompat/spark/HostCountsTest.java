package org.vfiocompat.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * A device's counts from one pass over the rows sorted by host: the fleet's candidates and the
 * compatible ones, less those on its own host (the sums the joins gave before).
 */
class HostCountsTest {

    private static Row candidate(String host, String id, String profile, String kind) {
        return RowFactory.create(host, 0, id, profile, kind, null);
    }

    private static Row source(String host, String id, String profile, String vm) {
        return RowFactory.create(host, 1, id, profile, null, vm);
    }

    @Test
    void eachSourceCountsTheCandidatesAndCompatibleOnesOffItsOwnHost() {
        // Groups: a EXISTING (3 candidates: 2 on h1, 1 on h2), a CREATABLE (1 on h2), b EXISTING (2 on h3).
        Map<String, Long> sizes = Map.of(HostCounts.group("a", "EXISTING"), 3L, HostCounts.group("a", "CREATABLE"), 1L,
                HostCounts.group("b", "EXISTING"), 2L);
        // Source profile x suits a (existing) and b; y suits a (creatable) only; z suits nothing.
        HostCounts counts = new HostCounts(sizes, Map.of("x", Set.of(HostCounts.group("a", "EXISTING"), HostCounts.group("b", "EXISTING")),
                "y", Set.of(HostCounts.group("a", "CREATABLE"))));
        List<Row> rows = List.of(
                candidate("h1", "c1", "a", "EXISTING"), candidate("h1", "c2", "a", "EXISTING"),
                source("h1", "s1", "x", "vm1"), source("h1", "s2", "y", "vm2"),
                candidate("h2", "c3", "a", "EXISTING"), candidate("h2", "t1", "a", "CREATABLE"),
                source("h2", "s3", "x", "vm3"), source("h2", "s4", "y", "vm4"), source("h2", "s5", "z", "vm5"),
                candidate("h3", "c4", "b", "EXISTING"), candidate("h3", "c5", "b", "EXISTING"),
                source("h4", "s6", "x", "vm6"));

        List<String> out = new ArrayList<>();
        counts.count(rows.iterator()).forEachRemaining(r -> out.add(r.getString(0) + " " + r.getString(1) + " " + r.getString(2) + " "
                + r.getString(3) + " " + r.getLong(4) + " " + r.getLong(5)));

        // 6 candidates in all; x is compatible with 5 of them, y with 1.
        assertThat(out).containsExactly(
                "h1 s1 x vm1 4 3",
                "h1 s2 y vm2 4 1",
                "h2 s3 x vm3 4 4",
                "h2 s4 y vm4 4 0",
                "h2 s5 z vm5 4 0",
                "h4 s6 x vm6 6 5");
    }
}
