package org.vfiocompat.spark;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.json.BatchLines;
import org.vfiocompat.rules.DeviceProfile;

/**
 * One assigned device's result: its top K from its profile's ranked list, skipping its own
 * host, as one NDJSON line ({@link BatchLines}, as {@code vfio-compat batch} writes it), with host and id to order and partition by.
 */
final class DeviceResult {

    static final StructType SCHEMA = new StructType()
            .add("host", DataTypes.StringType, false)
            .add("id", DataTypes.StringType, false)
            .add("line", DataTypes.BinaryType, false);
    /** Where a row of {@link #SCHEMA} holds its line. */
    static final int LINE = 2;

    private static StructType outcome(StructType t) {
        return t.add("level", DataTypes.StringType).add("limit", DataTypes.StringType).add("score", DataTypes.IntegerType)
                .add("reason", DataTypes.StringType);
    }

    /** A verdict's fields; {@code deciders} only when a platform pack took part, as in the NDJSON. */
    private static final StructType VERDICT = outcome(new StructType())
            .add("pack", DataTypes.StringType).add("packVersion", DataTypes.StringType)
            .add("rules", DataTypes.createArrayType(DataTypes.StringType))
            .add("deciders", DataTypes.createArrayType(outcome(new StructType().add("pack", DataTypes.StringType)
                    .add("packVersion", DataTypes.StringType).add("platform", DataTypes.BooleanType))
                    .add("rules", DataTypes.createArrayType(DataTypes.StringType))));

    private static final StructType SOFTWARE = new StructType()
            .add("kernel", DataTypes.StringType).add("qemu", DataTypes.StringType).add("libvirt", DataTypes.StringType)
            .add("osId", DataTypes.StringType).add("osVersion", DataTypes.StringType);

    private static StructType profileFields(StructType t) {
        return t.add("kind", DataTypes.StringType).add("deviceApi", DataTypes.StringType)
                .add("migrationType", DataTypes.StringType).add("migrationVersion", DataTypes.StringType)
                .add("parentModel", DataTypes.StringType).add("software", SOFTWARE);
    }

    /** A result line's record, as Parquet columns: the NDJSON line's fields, nested and in the order as there. */
    static final DataType RECORD = new StructType()
            .add("type", DataTypes.StringType)
            .add("source", profileFields(new StructType().add("ref", DataTypes.StringType).add("host", DataTypes.StringType)
                    .add("id", DataTypes.StringType).add("vm", DataTypes.StringType)))
            .add("candidates", DataTypes.LongType)
            .add("compatible", DataTypes.LongType)
            .add("stranded", DataTypes.BooleanType)
            .add("targets", DataTypes.createArrayType(profileFields(new StructType().add("rank", DataTypes.IntegerType)
                    .add("ref", DataTypes.StringType).add("host", DataTypes.StringType).add("id", DataTypes.StringType)
                    .add("candidateKind", DataTypes.StringType).add("capacity", DataTypes.IntegerType))
                    .add("verdict", VERDICT)));

    private DeviceResult() {
    }

    /**
     * Each source of {@code hosts} (in their order, and each host's by id) as a row of {@link #SCHEMA}: its counts
     * ({@link HostCounts}) and its top {@code top} from its profile's ranked list.
     */
    static java.util.Iterator<Row> all(java.util.Iterator<HostRecord> hosts, HostCounts counts, java.util.Map<String, List<String[]>> ranked,
                                      ProfileDictionary profiles, int top) {
        Lines lines = new Lines(top);
        return new java.util.Iterator<>() {
            private HostRecord host;
            private long candidates;
            private long[] compatible;
            private int next;

            @Override
            public boolean hasNext() {
                while ((host == null || next == host.sourceIds().length) && hosts.hasNext()) {
                    host = hosts.next();
                    candidates = counts.candidatesElsewhere(host);
                    compatible = counts.compatibleElsewhere(host);
                    next = 0;
                }
                return host != null && next < host.sourceIds().length;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                int i = next++;
                String s = host.sourceProfiles()[i];
                return lines.of(host.host(), host.sourceIds()[i], host.sourceVms()[i], candidates, compatible[i], profiles.profile(s),
                        ranked.getOrDefault(s, List.of()));
            }
        };
    }

    /**
     * The lines of one partition's devices. A ranked list's first {@code top} targets are the
     * targets of every device whose host is not among theirs, which is nearly every device: their
     * text is made once per list, and the head of each line from {@link BatchLines}' cached
     * fragments, not from a tree per device (the two were most of the job's writing stage).
     */
    private static final class Lines {
        private final int top;
        private final BatchLines batchLines = new BatchLines();
        /** Per ranked list (one per source profile, the same instances for a whole partition). */
        private final java.util.Map<List<String[]>, Head> heads = new java.util.IdentityHashMap<>();

        Lines(int top) {
            this.top = top;
        }

        /** A ranked list's first {@code top} targets as text, and the hosts they are on. */
        private record Head(byte[] targets, String[] hosts) {

            boolean servesHost(String host) {
                for (String h : hosts) {
                    if (h.equals(host)) {
                        return false;
                    }
                }
                return true;
            }
        }

        Row of(String host, String id, String vm, long candidates, long compatible, DeviceProfile profile, List<String[]> ranked) {
            FleetDevice source = new FleetDevice(host, id, profile, "", vm);
            Head head = heads.computeIfAbsent(ranked, list -> new Head(targets(list, null), firstHosts(list)));
            byte[] targets = head.servesHost(host) ? head.targets() : targets(ranked, host);
            return RowFactory.create(host, id, batchLines.sourceLine(source, candidates, compatible, targets));
        }

        /** The first {@code top} targets of {@code ranked} not on {@code host} (null: any host), ranked, as text. */
        private byte[] targets(List<String[]> ranked, String host) {
            StringBuilder out = new StringBuilder(512 * Math.min(top, 64));
            int rank = 0;
            for (String[] t : ranked) {
                if (rank == top) {
                    break;
                }
                if (t[0].equals(host)) {
                    continue; // never its own host
                }
                rank++;
                BatchLines.appendTarget(out, rank, t[1], t[2]);
            }
            return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        private String[] firstHosts(List<String[]> ranked) {
            String[] hosts = new String[Math.min(top, ranked.size())];
            for (int i = 0; i < hosts.length; i++) {
                hosts[i] = ranked.get(i)[0];
            }
            return hosts;
        }
    }
}
