package org.vfiocompat.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.json.BatchLines;
import scala.Tuple2;

/**
 * Each source profile's ranked list: its first {@code keep} compatible candidates in the batch's
 * one order (level, score highest first, host, id), of which each of its devices takes the first
 * K not on its own host. Each group's first {@code keep} candidates by host and id
 * ({@link GroupPrefixes}, per partition, merged by group) are joined with the source profiles
 * compatible with the group ({@link PairVerdicts#byGroup}, on every executor: a map-side join
 * over profile groups), and each source profile's entries are merged by Spark: what moves is
 * groups times {@code keep} times compatible profiles, never devices.
 */
final class RankedLists {

    /** One candidate in a source profile's list, before it is formatted. */
    record Entry(int level, int score, String host, String id, String group, int capacity, String verdict) implements Serializable {
    }

    /** The batch's order of candidates for one source profile. */
    static final Comparator<Entry> ORDER = Comparator.comparingInt(Entry::level)
            .thenComparing(Comparator.comparingInt(Entry::score).reversed())
            .thenComparing(Entry::host).thenComparing(Entry::id);

    private RankedLists() {
    }

    /**
     * By source profile: its first {@code keep} targets, each as host, the candidate's fields
     * ({@link BatchLines#candidateFields}) and the verdict, in order. One Spark job of three
     * stages; the driver collects the lists (source profiles times {@code keep}).
     */
    static HashMap<String, List<String[]>> of(JavaRDD<HostRecord> hosts, int keep, Broadcast<HashMap<String, ArrayList<PairVerdicts.Match>>> matches,
                                              Broadcast<ProfileDictionary> profiles, int partitions) {
        Map<String, List<String[]>> lists = hosts.mapPartitionsToPair(it -> GroupPrefixes.of(it, keep))
                .reduceByKey((a, b) -> GroupPrefixes.merge(a, b, keep), partitions)
                .flatMapToPair(prefix -> {
                    List<Tuple2<String, ArrayList<Entry>>> out = new ArrayList<>();
                    for (PairVerdicts.Match m : matches.value().getOrDefault(prefix._1(), new ArrayList<>())) {
                        ArrayList<Entry> entries = new ArrayList<>(prefix._2().size());
                        for (GroupPrefixes.Entry e : prefix._2()) {
                            entries.add(new Entry(m.level(), m.score(), e.host(), e.id(), prefix._1(), e.capacity(), m.verdict()));
                        }
                        out.add(new Tuple2<>(m.source(), entries));
                    }
                    return out.iterator();
                })
                .reduceByKey((a, b) -> first(a, b, keep), partitions)
                .mapValues(entries -> format(entries, keep, profiles.value()))
                .collectAsMap();
        return new HashMap<>(lists);
    }

    /** The first {@code keep} of two lists' entries, in order. */
    static ArrayList<Entry> first(ArrayList<Entry> a, ArrayList<Entry> b, int keep) {
        ArrayList<Entry> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        all.sort(ORDER);
        return all.size() <= keep ? all : new ArrayList<>(all.subList(0, keep));
    }

    /** A list's first {@code keep} entries as the lines show them: host, the candidate's fields, the verdict. */
    private static List<String[]> format(ArrayList<Entry> entries, int keep, ProfileDictionary profiles) {
        entries.sort(ORDER);
        List<String[]> targets = new ArrayList<>(Math.min(keep, entries.size()));
        for (Entry e : entries.subList(0, Math.min(keep, entries.size()))) {
            Candidate candidate = new Candidate(e.host(), e.id(), CandidateKind.valueOf(HostCounts.kindOf(e.group())),
                    profiles.profile(HostCounts.profileOf(e.group())), e.capacity());
            targets.add(new String[] {e.host(), BatchLines.candidateFields(candidate), e.verdict()});
        }
        return targets;
    }
}
