package org.vfiocompat.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Each assigned device's counts, as {@code vfio-compat batch} gives them: the candidates not on
 * its host, and the compatible ones among them. Both are a fleet-wide figure (all candidates; the
 * candidates of the groups compatible with the device's profile) less what its own host holds,
 * so they are computed host by host, with the fleet-wide figures and which groups each source
 * profile is compatible with at hand: those grow with distinct profiles, not devices (a few
 * hundred by a few hundred), and go to every executor. A host is one input row
 * ({@link HostRecord}), so what its own devices take off those figures is in the host itself.
 */
final class HostCounts implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long totalCandidates;
    /** Per source profile: the candidates of all the groups it is compatible with. */
    private final HashMap<String, Long> compatibleTotal;
    /** Per source profile: the groups ({@link #group}) it is compatible with. */
    private final HashMap<String, HashSet<String>> compatibleGroups;

    /**
     * @param groupSizes  the candidates of each group ({@link #group} of profile and target kind)
     * @param compatible  per source profile, the groups it is compatible with
     */
    HostCounts(Map<String, Long> groupSizes, Map<String, ? extends Set<String>> compatible) {
        long total = 0;
        for (long n : groupSizes.values()) {
            total += n;
        }
        this.totalCandidates = total;
        this.compatibleTotal = new HashMap<>();
        this.compatibleGroups = new HashMap<>();
        compatible.forEach((s, groups) -> {
            long n = 0;
            for (String g : groups) {
                n += groupSizes.getOrDefault(g, 0L);
            }
            compatibleTotal.put(s, n);
            compatibleGroups.put(s, new HashSet<>(groups));
        });
    }

    /** A group's name: a candidate profile's key and whether it exists or can be created. */
    static String group(String profile, String targetKind) {
        return profile + '\u0000' + targetKind;
    }

    /** The profile key of a {@link #group}. */
    static String profileOf(String group) {
        return group.substring(0, group.indexOf('\u0000'));
    }

    /** The target kind of a {@link #group}. */
    static String kindOf(String group) {
        return group.substring(group.indexOf('\u0000') + 1);
    }

    /** The candidates not on {@code host}: every source's of it. */
    long candidatesElsewhere(HostRecord host) {
        return totalCandidates - host.candidateIds().length;
    }

    /** Of each source of {@code host} (in its order), the candidates not on the host that its profile is compatible with. */
    long[] compatibleElsewhere(HostRecord host) {
        Map<String, Long> groupsOnHost = new HashMap<>();
        for (int i = 0; i < host.candidateIds().length; i++) {
            groupsOnHost.merge(host.candidateGroups()[i], 1L, Long::sum);
        }
        long[] out = new long[host.sourceIds().length];
        for (int i = 0; i < out.length; i++) {
            String s = host.sourceProfiles()[i];
            long compatibleHere = 0;
            Set<String> groups = compatibleGroups.get(s);
            if (groups != null) {
                for (Map.Entry<String, Long> g : groupsOnHost.entrySet()) {
                    if (groups.contains(g.getKey())) {
                        compatibleHere += g.getValue();
                    }
                }
            }
            out[i] = compatibleTotal.getOrDefault(s, 0L) - compatibleHere;
        }
        return out;
    }

    /** The run's totals over {@code hosts}: sources (devices evaluated), stranded ones (nothing compatible elsewhere), candidate pairs. */
    long[] totals(Iterator<HostRecord> hosts) {
        long[] totals = new long[3];
        while (hosts.hasNext()) {
            HostRecord h = hosts.next();
            long candidates = candidatesElsewhere(h);
            for (long compatible : compatibleElsewhere(h)) {
                totals[0]++;
                totals[1] += compatible == 0 ? 1 : 0;
                totals[2] += candidates;
            }
        }
        return totals;
    }
}
