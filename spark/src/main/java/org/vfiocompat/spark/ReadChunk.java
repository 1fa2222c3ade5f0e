package org.vfiocompat.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.util.KnownSizeEstimation;

/**
 * What one read of the engine's reader gave ({@link HostChunks}: up to 1,024 input rows), as the
 * job keeps it: its hosts ({@link HostRecord}), its bad rows ({@link ParsedRow#bad}) and the
 * profiles its hosts name by key, each told once. The job caches these, a few per partition,
 * and every later step reads them.
 *
 * <p>It tells its own size ({@link KnownSizeEstimation}, which Spark's {@code SizeEstimator}
 * takes instead of walking the object): caching a partition's chunks, Spark measures what it has
 * cached after each of the first few elements, and walking a chunk (a thousand hosts, their
 * arrays and strings) each time was about a tenth of the executors' samples in the reading stage.
 */
record ReadChunk(List<HostRecord> hosts, List<Row> bad, Map<String, String> profiles, long estimatedSize)
        implements Serializable, KnownSizeEstimation {

    /** The chunk of {@code rows}, the {@link ParsedRow}s of one read (or of the reads a chunk was split into). */
    static ReadChunk of(List<Row> rows) {
        // A device row names its host and the host's row: that place, not the name alone, ties it
        // to its host, since one chunk split into single rows may read the same name twice.
        Map<String, Builder> byPlace = new LinkedHashMap<>();
        List<Row> bad = new ArrayList<>();
        Map<String, String> profiles = new HashMap<>();
        for (Row r : rows) {
            String what = r.getString(0);
            switch (what) {
                case ParsedRow.PROFILE -> profiles.put(r.getString(3), r.getString(12));
                case ParsedRow.HOST, ParsedRow.SOURCE, ParsedRow.CANDIDATE -> {
                    Builder b = byPlace.computeIfAbsent(r.getString(1) + '\u0000' + r.getString(7) + '\u0000' + r.getInt(8) + '\u0000'
                            + r.getLong(9), k -> new Builder(r.getString(1), r.getString(7), r.getInt(8), r.getLong(9)));
                    if (what.equals(ParsedRow.SOURCE)) {
                        b.sources.add(new String[] {r.getString(2), r.getString(3), r.getString(5)});
                    } else if (what.equals(ParsedRow.CANDIDATE)) {
                        b.candidates.add(new String[] {r.getString(2), r.getString(3), r.getString(4)});
                        b.capacities.add(r.getInt(6));
                    }
                }
                default -> bad.add(r);
            }
        }
        List<HostRecord> hosts = new ArrayList<>(byPlace.size());
        long size = 64;
        Map<String, String> groups = new HashMap<>();
        for (Builder b : byPlace.values()) {
            HostRecord h = b.build(groups);
            hosts.add(h);
            size += h.estimatedSize();
        }
        size += 256L * bad.size();
        for (Map.Entry<String, String> p : profiles.entrySet()) {
            size += 48 + HostRecord.sizeOf(p.getKey()) + HostRecord.sizeOf(p.getValue());
        }
        return new ReadChunk(hosts, bad, profiles, size);
    }

    /** What {@link BadRows} reads: a {@link ParsedRow#host} row for each host, and the bad rows. */
    List<Row> placeRows() {
        List<Row> out = new ArrayList<>(hosts.size() + bad.size());
        for (HostRecord h : hosts) {
            out.add(ParsedRow.host(h.host(), h.file(), h.part(), h.row()));
        }
        out.addAll(bad);
        return out;
    }

    private static final class Builder {
        private final String host;
        private final String file;
        private final int part;
        private final long row;
        private final List<String[]> sources = new ArrayList<>();
        private final List<String[]> candidates = new ArrayList<>();
        private final List<Integer> capacities = new ArrayList<>();

        Builder(String host, String file, int part, long row) {
            this.host = host;
            this.file = file;
            this.part = part;
            this.row = row;
        }

        HostRecord build(Map<String, String> groups) {
            String[] sourceIds = new String[sources.size()];
            String[] sourceProfiles = new String[sources.size()];
            String[] sourceVms = new String[sources.size()];
            for (int i = 0; i < sourceIds.length; i++) {
                sourceIds[i] = sources.get(i)[0];
                sourceProfiles[i] = sources.get(i)[1];
                sourceVms[i] = sources.get(i)[2];
            }
            String[] candidateIds = new String[candidates.size()];
            String[] candidateProfiles = new String[candidates.size()];
            String[] candidateKinds = new String[candidates.size()];
            int[] caps = new int[candidates.size()];
            for (int i = 0; i < candidateIds.length; i++) {
                candidateIds[i] = candidates.get(i)[0];
                candidateProfiles[i] = candidates.get(i)[1];
                candidateKinds[i] = candidates.get(i)[2];
                caps[i] = capacities.get(i);
            }
            return new HostRecord(host, file, part, row, sourceIds, sourceProfiles, sourceVms, candidateIds, candidateProfiles,
                    candidateKinds, HostRecord.groups(candidateProfiles, candidateKinds, groups), caps);
        }
    }
}
