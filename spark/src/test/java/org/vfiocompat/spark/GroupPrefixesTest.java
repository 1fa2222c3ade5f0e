package org.vfiocompat.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import scala.Tuple2;

/**
 * Each group's first candidates by host and id, found partition by partition and merged, are
 * the first of the whole fleet sorted at once, whatever the partitions and the order of hosts.
 */
class GroupPrefixesTest {

    @Property(tries = 200)
    void perPartitionPrefixesMergedAreTheFleetsFirstCandidatesOfEachGroup(
            @ForAll @Size(max = 40) List<@StringLength(min = 1, max = 3) String> hostNames,
            @ForAll @IntRange(min = 1, max = 6) int keep, @ForAll @IntRange(min = 1, max = 4) int partitions,
            @ForAll long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<String> distinct = hostNames.stream().distinct().toList();
        List<HostRecord> hosts = new ArrayList<>();
        Map<String, List<GroupPrefixes.Entry>> all = new HashMap<>();
        for (String name : distinct) {
            int n = random.nextInt(4);
            String[] ids = new String[n];
            String[] profiles = new String[n];
            String[] kinds = new String[n];
            int[] caps = new int[n];
            for (int i = 0; i < n; i++) {
                ids[i] = "d" + i + (char) ('a' + random.nextInt(3));
                profiles[i] = "p" + random.nextInt(2);
                kinds[i] = random.nextBoolean() ? "EXISTING" : "CREATABLE";
                caps[i] = random.nextInt(3);
                all.computeIfAbsent(HostCounts.group(profiles[i], kinds[i]), g -> new ArrayList<>())
                        .add(new GroupPrefixes.Entry(name, ids[i], caps[i]));
            }
            hosts.add(new HostRecord(name, "f", 0, 1, new String[0], new String[0], new String[0], ids, profiles, kinds, caps));
        }
        java.util.Collections.shuffle(hosts, random);
        Map<String, ArrayList<GroupPrefixes.Entry>> merged = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            List<HostRecord> part = hosts.subList(p * hosts.size() / partitions, (p + 1) * hosts.size() / partitions);
            GroupPrefixes.of(part.iterator(), keep).forEachRemaining((Tuple2<String, ArrayList<GroupPrefixes.Entry>> t) ->
                    merged.merge(t._1(), t._2(), (a, b) -> GroupPrefixes.merge(a, b, keep)));
        }

        Map<String, List<GroupPrefixes.Entry>> expected = new HashMap<>();
        all.forEach((g, entries) -> expected.put(g, entries.stream()
                .sorted(Comparator.comparing(GroupPrefixes.Entry::host).thenComparing(GroupPrefixes.Entry::id)).limit(keep).toList()));
        assertThat(merged).isEqualTo(expected);
    }
}
