package org.vfiocompat.spark;

import java.io.Serializable;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.KnownSizeEstimation;

/**
 * One host as the job carries it once read: where its row is ({@link ParsedRow}: file, split,
 * row), its assigned devices (sources, by id) and its candidates (free devices and creatable
 * types), profiles named by key ({@link ProfileCodec#key}). A host is one input row, so all a
 * device's own-host figures are the host's own: what the job does per device needs no other row,
 * and no shuffle of devices, only the sort of hosts the output's order asks for.
 *
 * <p>Hosts are carried as these objects, a few arrays each, not as Spark rows: caching 1.16M
 * device rows of 13 columns in Spark's columnar cache was most of the reading stage's CPU.
 * It tells its own size ({@link KnownSizeEstimation}): the sort of hosts and the reduce that
 * finds a name used twice keep hosts in Spark's size-tracking buffers, which measured them by
 * walking each sampled host's arrays, 15 % of the executors' task samples in a profile.
 *
 * @param sourceIds         the sources' ids, in the reader's order (by id)
 * @param sourceProfiles    their profiles' keys
 * @param sourceVms         the VMs they are assigned to
 * @param candidateIds      the candidates' ids
 * @param candidateProfiles their profiles' keys
 * @param candidateKinds    {@code EXISTING} or {@code CREATABLE}
 * @param candidateGroups   their groups ({@link HostCounts#group} of profile and kind), what the
 *                          steps after reading count and rank by: made once a candidate, one
 *                          instance a group within a chunk
 * @param capacities        how many more of each type the parent can create (0 for existing devices)
 */
record HostRecord(String host, String file, int part, long row, String[] sourceIds, String[] sourceProfiles, String[] sourceVms,
                  String[] candidateIds, String[] candidateProfiles, String[] candidateKinds, String[] candidateGroups, int[] capacities)
        implements Serializable, KnownSizeEstimation {

    /**
     * About the bytes this host takes on the heap, as Spark's {@code SizeEstimator} would count
     * them (object headers, references, strings as UTF-16), strings shared with other hosts counted
     * as if they were not: an estimate for Spark's memory accounting, on the high side.
     */
    @Override
    public long estimatedSize() {
        long size = 80 + 10 * 16 + sizeOf(host) + sizeOf(file);
        for (String[] column : new String[][] {sourceIds, sourceProfiles, sourceVms, candidateIds, candidateProfiles, candidateKinds,
                candidateGroups}) {
            for (String x : column) {
                size += 4 + sizeOf(x);
            }
        }
        return size + 4L * capacities.length;
    }

    private static long sizeOf(String s) {
        return s == null ? 0 : 56 + 2L * s.length();
    }

    /** A host whose candidates' groups are made from their profiles and kinds. */
    HostRecord(String host, String file, int part, long row, String[] sourceIds, String[] sourceProfiles, String[] sourceVms,
               String[] candidateIds, String[] candidateProfiles, String[] candidateKinds, int[] capacities) {
        this(host, file, part, row, sourceIds, sourceProfiles, sourceVms, candidateIds, candidateProfiles, candidateKinds,
                groups(candidateProfiles, candidateKinds, new java.util.HashMap<>()), capacities);
    }

    /** The groups of candidates of these profiles and kinds, each group's name one instance of {@code known}. */
    static String[] groups(String[] profiles, String[] kinds, java.util.Map<String, String> known) {
        String[] groups = new String[profiles.length];
        for (int i = 0; i < groups.length; i++) {
            String g = HostCounts.group(profiles[i], kinds[i]);
            groups[i] = known.computeIfAbsent(g, k -> k);
        }
        return groups;
    }

    /**
     * Of two rows naming the same host, the one read first by file, split and row (Spark's order
     * of strings, as {@link BadRows} finds the first): the one kept; the other is a bad row.
     */
    static HostRecord earlier(HostRecord a, HostRecord b) {
        int byFile = UTF8String.fromString(a.file).compareTo(UTF8String.fromString(b.file));
        if (byFile != 0) {
            return byFile < 0 ? a : b;
        }
        if (a.part != b.part) {
            return a.part < b.part ? a : b;
        }
        return a.row <= b.row ? a : b;
    }
}
