package org.vfiocompat.spark;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
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
 * It is serialized in a form of its own ({@link Wire}): the sort of hosts shuffles every host,
 * and Java serialization's generic form of a record and its arrays (a descriptor lookup and a
 * reflective read of each field, each array an object) was 17 % of the task samples.
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

    /** A string's bytes as {@link #estimatedSize} counts them (ReadChunk counts its profiles' the same way). */
    static long sizeOf(String s) {
        return s == null ? 0 : 56 + 2L * s.length();
    }

    /** What is serialized in its place. */
    private Object writeReplace() {
        return new Wire(this);
    }

    /**
     * A host's serialized form: each array as its length and its elements, the strings unique
     * to a host (its name, ids, VMs) as UTF-8 bytes, and those that repeat from host to host (the
     * file, profile keys, kinds, groups) as objects, which the stream writes once and refers back
     * to after. {@code readResolve} gives the host back.
     */
    static final class Wire implements Externalizable {
        private static final long serialVersionUID = 1L;
        private HostRecord host;

        /** For deserialization. */
        public Wire() {
        }

        Wire(HostRecord host) {
            this.host = host;
        }

        @Override
        public void writeExternal(ObjectOutput out) throws IOException {
            HostRecord h = host;
            writeText(out, h.host);
            out.writeObject(h.file);
            out.writeInt(h.part);
            out.writeLong(h.row);
            out.writeInt(h.sourceIds.length);
            for (int i = 0; i < h.sourceIds.length; i++) {
                writeText(out, h.sourceIds[i]);
                out.writeObject(h.sourceProfiles[i]);
                writeText(out, h.sourceVms[i]);
            }
            out.writeInt(h.candidateIds.length);
            for (int i = 0; i < h.candidateIds.length; i++) {
                writeText(out, h.candidateIds[i]);
                out.writeObject(h.candidateProfiles[i]);
                out.writeObject(h.candidateKinds[i]);
                out.writeObject(h.candidateGroups[i]);
                out.writeInt(h.capacities[i]);
            }
        }

        @Override
        public void readExternal(ObjectInput in) throws IOException, ClassNotFoundException {
            String name = readText(in);
            String file = (String) in.readObject();
            int part = in.readInt();
            long row = in.readLong();
            int n = in.readInt();
            String[] sourceIds = new String[n];
            String[] sourceProfiles = new String[n];
            String[] sourceVms = new String[n];
            for (int i = 0; i < n; i++) {
                sourceIds[i] = readText(in);
                sourceProfiles[i] = (String) in.readObject();
                sourceVms[i] = readText(in);
            }
            int m = in.readInt();
            String[] candidateIds = new String[m];
            String[] candidateProfiles = new String[m];
            String[] candidateKinds = new String[m];
            String[] candidateGroups = new String[m];
            int[] capacities = new int[m];
            for (int i = 0; i < m; i++) {
                candidateIds[i] = readText(in);
                candidateProfiles[i] = (String) in.readObject();
                candidateKinds[i] = (String) in.readObject();
                candidateGroups[i] = (String) in.readObject();
                capacities[i] = in.readInt();
            }
            host = new HostRecord(name, file, part, row, sourceIds, sourceProfiles, sourceVms, candidateIds, candidateProfiles,
                    candidateKinds, candidateGroups, capacities);
        }

        private Object readResolve() {
            return host;
        }

        /** A string of any length, or null: its UTF-8 bytes' count (-1 for null), then the bytes. */
        private static void writeText(ObjectOutput out, String s) throws IOException {
            if (s == null) {
                out.writeInt(-1);
                return;
            }
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }

        private static String readText(ObjectInput in) throws IOException {
            int n = in.readInt();
            if (n < 0) {
                return null;
            }
            byte[] bytes = new byte[n];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
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
