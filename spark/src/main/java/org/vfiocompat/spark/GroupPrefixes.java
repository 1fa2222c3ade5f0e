package org.vfiocompat.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import scala.Tuple2;

/**
 * Each candidate group's first {@code keep} candidates by host and id, the batch's last two
 * ranking keys (Java's order of strings, as the engine's): within one group level and score are
 * the same for every candidate of a source profile, so these are all a ranked list can take from
 * the group. Found in each partition with a bounded heap, then merged by group by Spark
 * ({@code reduceByKey}): what moves is groups times {@code keep}, not devices.
 */
final class GroupPrefixes {

    /** One candidate of a group. */
    record Entry(String host, String id, int capacity) implements Serializable {
    }

    static final Comparator<Entry> ORDER = Comparator.comparing(Entry::host).thenComparing(Entry::id);

    private GroupPrefixes() {
    }

    /** The first {@code keep} candidates of each group among {@code hosts}, each list in order. */
    static Iterator<Tuple2<String, ArrayList<Entry>>> of(Iterator<HostRecord> hosts, int keep) {
        Map<String, PriorityQueue<Entry>> firsts = new HashMap<>();
        while (hosts.hasNext()) {
            HostRecord h = hosts.next();
            for (int i = 0; i < h.candidateIds().length; i++) {
                // The heap's head is the last of the first keep: a candidate after it is not among them.
                PriorityQueue<Entry> q = firsts.computeIfAbsent(h.candidateGroups()[i],
                        g -> new PriorityQueue<>(ORDER.reversed()));
                Entry e = new Entry(h.host(), h.candidateIds()[i], h.capacities()[i]);
                if (q.size() < keep) {
                    q.add(e);
                } else if (ORDER.compare(e, q.peek()) < 0) {
                    q.poll();
                    q.add(e);
                }
            }
        }
        List<Tuple2<String, ArrayList<Entry>>> out = new ArrayList<>(firsts.size());
        firsts.forEach((g, q) -> {
            ArrayList<Entry> sorted = new ArrayList<>(q);
            sorted.sort(ORDER);
            out.add(new Tuple2<>(g, sorted));
        });
        return out.iterator();
    }

    /** The first {@code keep} of two ordered lists, in order. */
    static ArrayList<Entry> merge(ArrayList<Entry> a, ArrayList<Entry> b, int keep) {
        ArrayList<Entry> out = new ArrayList<>(Math.min(keep, a.size() + b.size()));
        int i = 0;
        int j = 0;
        while (out.size() < keep && (i < a.size() || j < b.size())) {
            if (j == b.size() || (i < a.size() && ORDER.compare(a.get(i), b.get(j)) <= 0)) {
                out.add(a.get(i++));
            } else {
                out.add(b.get(j++));
            }
        }
        return out;
    }
}
