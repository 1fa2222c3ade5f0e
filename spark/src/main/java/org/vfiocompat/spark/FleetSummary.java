package org.vfiocompat.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * What ranking needs to know of the whole fleet before it starts: the distinct source profiles,
 * the candidate groups ({@link HostCounts#group}: a profile, existing or creatable) with their
 * sizes, and the most candidates one host holds (M: a device's top K lie among the first K + M
 * of its profile's compatible candidates). Found a partition at a time on the executors and
 * merged on the driver: it grows with distinct profiles and partitions, not with devices.
 */
final class FleetSummary implements Serializable {

    private static final long serialVersionUID = 1L;

    final HashSet<String> sourceProfiles = new HashSet<>();
    final HashMap<String, Long> groupSizes = new HashMap<>();
    long mostCandidatesOnAHost;

    /** The summary of {@code hosts}, each host once. */
    static FleetSummary of(JavaRDD<HostRecord> hosts) {
        FleetSummary all = new FleetSummary();
        for (FleetSummary part : hosts.mapPartitions(it -> List.of(of(it)).iterator()).collect()) {
            all.sourceProfiles.addAll(part.sourceProfiles);
            part.groupSizes.forEach((g, n) -> all.groupSizes.merge(g, n, Long::sum));
            all.mostCandidatesOnAHost = Math.max(all.mostCandidatesOnAHost, part.mostCandidatesOnAHost);
        }
        return all;
    }

    static FleetSummary of(Iterator<HostRecord> hosts) {
        FleetSummary s = new FleetSummary();
        while (hosts.hasNext()) {
            HostRecord h = hosts.next();
            for (String p : h.sourceProfiles()) {
                s.sourceProfiles.add(p);
            }
            for (int i = 0; i < h.candidateIds().length; i++) {
                s.groupSizes.merge(h.candidateGroups()[i], 1L, Long::sum);
            }
            s.mostCandidatesOnAHost = Math.max(s.mostCandidatesOnAHost, h.candidateIds().length);
        }
        return s;
    }
}
