package org.vfiocompat.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Each assigned device's counts, as {@code vfio-compat batch} gives them: the candidates not on
 * its host, and the compatible ones among them. Both are a fleet-wide figure (all candidates; the
 * candidates of the groups compatible with the device's profile) less what its own host holds,
 * so they are computed host by host, in one pass over the devices and candidates sorted by host
 * (the sort the output needs anyway), with the fleet-wide figures and which groups each source
 * profile is compatible with at hand: those grow with distinct profiles, not devices (a few
 * hundred by a few hundred), and go to every executor. The joins this replaces (per-host counts,
 * per-(profile, host) counts, three joins of the devices) were six shuffles of device-sized data.
 */
final class HostCounts implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What the pass reads: candidates ({@code side} 0) before the sources ({@code side} 1) of each host, each side by id. */
    static final StructType INPUT = new StructType()
            .add("host", DataTypes.StringType, false)
            .add("side", DataTypes.IntegerType, false)
            .add("id", DataTypes.StringType, false)
            .add("profile", DataTypes.StringType, false)
            .add("targetKind", DataTypes.StringType, true)
            .add("vm", DataTypes.StringType, true);

    /** What it gives: one row a source, by host and id. */
    static final StructType SCHEMA = new StructType()
            .add("host", DataTypes.StringType, false)
            .add("id", DataTypes.StringType, false)
            .add("s", DataTypes.StringType, false)
            .add("vm", DataTypes.StringType, true)
            .add("candidates", DataTypes.LongType, false)
            .add("compatible", DataTypes.LongType, false);

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

    /** The sources of {@code rows} ({@link #INPUT}, every host's rows together, in that order) with their counts ({@link #SCHEMA}). */
    Iterator<Row> count(Iterator<Row> rows) {
        return new Iterator<>() {
            private String host;
            private long onHost;
            private final Map<String, Long> groupsOnHost = new HashMap<>();
            private Row next;

            @Override
            public boolean hasNext() {
                while (next == null && rows.hasNext()) {
                    Row r = rows.next();
                    if (!r.getString(0).equals(host)) {
                        host = r.getString(0);
                        onHost = 0;
                        groupsOnHost.clear();
                    }
                    if (r.getInt(1) == 0) {
                        onHost++;
                        groupsOnHost.merge(group(r.getString(3), r.getString(4)), 1L, Long::sum);
                        continue;
                    }
                    String s = r.getString(3);
                    long compatibleHere = 0;
                    Set<String> groups = compatibleGroups.get(s);
                    if (groups != null) {
                        for (Map.Entry<String, Long> g : groupsOnHost.entrySet()) {
                            if (groups.contains(g.getKey())) {
                                compatibleHere += g.getValue();
                            }
                        }
                    }
                    next = RowFactory.create(host, r.getString(2), s, r.getString(5), totalCandidates - onHost,
                            compatibleTotal.getOrDefault(s, 0L) - compatibleHere);
                }
                return next != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row r = next;
                next = null;
                return r;
            }
        };
    }
}
