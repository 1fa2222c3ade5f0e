package org.vfiocompat.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.json.BatchLines;
import org.vfiocompat.rules.DeviceProfile;
import scala.Tuple2;

/**
 * The verdicts of a fleet's source profiles S on its candidate groups G, each distinct pair
 * evaluated once, by the sandboxed engine on an executor: S x G (hundreds by hundreds) is
 * projected as each source's pack sees it ({@link CompatibilityEngine#projection}), pairs of
 * types that cannot be compatible are dropped ({@link CompatibilityEngine#mayBeCompatible}), the
 * projected pairs are grouped by Spark (a shuffle of S x G, never of devices), and each distinct
 * one is checked once and answers every (source profile, group) pair that projects to it.
 *
 * <p>Plain RDD steps on purpose: S x G is small, and each Spark SQL query over it cost the driver
 * its planning and both sides a compilation of generated code, seconds for a few hundred rows.
 */
final class PairVerdicts {

    /** A pair as the engine sees it: what its verdict depends on. */
    record Projected(String source, String target, String targetKind) implements Serializable {
    }

    /** A source profile compatible with a group: what ranking takes from the verdict. */
    record Match(String source, int level, int score, String verdict) implements Serializable {
    }

    /** One distinct projected pair's verdict, and the (source profile, group) pairs it answers when compatible. */
    record Judged(boolean compatible, int level, int score, String verdict, List<String[]> pairs) implements Serializable {
    }

    /** How many distinct projected pairs were evaluated. */
    final long distinctPairs;
    /** By group ({@link HostCounts#group}): the source profiles compatible with it. */
    final HashMap<String, ArrayList<Match>> byGroup = new HashMap<>();
    /** By source profile: the groups it is compatible with. */
    final HashMap<String, HashSet<String>> compatibleGroups = new HashMap<>();

    private PairVerdicts(List<Judged> judged) {
        this.distinctPairs = judged.size();
        for (Judged j : judged) {
            if (!j.compatible()) {
                continue;
            }
            for (String[] sg : j.pairs()) {
                byGroup.computeIfAbsent(sg[1], g -> new ArrayList<>()).add(new Match(sg[0], j.level(), j.score(), j.verdict()));
                compatibleGroups.computeIfAbsent(sg[0], s -> new HashSet<>()).add(sg[1]);
            }
        }
    }

    /**
     * Evaluates {@code sources} x {@code groups}: one Spark job of two stages over
     * {@code partitions} partitions; the driver collects one small record a distinct pair.
     */
    static PairVerdicts of(JavaSparkContext sc, List<String> sources, List<String> groups, Broadcast<PackBundle> bundle,
                           Broadcast<ProfileDictionary> profiles, int partitions) {
        Broadcast<ArrayList<String>> allGroups = sc.broadcast(new ArrayList<>(groups));
        List<Judged> judged = sc.parallelize(sources, partitions)
                .mapPartitionsToPair(it -> project(bundle.value().engine(), profiles.value(), allGroups.value(), it))
                .groupByKey(partitions)
                .mapPartitions(it -> evaluate(bundle.value().engine(), it))
                .collect();
        allGroups.destroy();
        return new PairVerdicts(judged);
    }

    /** Each source of {@code sources} with each group, as its pack sees them, without the pairs of types that cannot be compatible. */
    private static Iterator<Tuple2<Projected, String[]>> project(CompatibilityEngine engine, ProfileDictionary profiles, List<String> groups,
                                                                 Iterator<String> sources) {
        List<Tuple2<Projected, String[]>> out = new ArrayList<>();
        // A target's projection depends on the source's type only: made once a type and group.
        Map<String, String> targets = new HashMap<>();
        while (sources.hasNext()) {
            String s = sources.next();
            DeviceProfile source = profiles.profile(s);
            String type = source.getMigrationType();
            String projectedSource = ProfileCodec.encode(engine.projection(type, source));
            for (String g : groups) {
                DeviceProfile target = profiles.profile(HostCounts.profileOf(g));
                if (!engine.mayBeCompatible(type, target.getMigrationType())) {
                    continue;
                }
                String projectedTarget = targets.computeIfAbsent(type + '\n' + g, k -> ProfileCodec.encode(engine.projection(type, target)));
                out.add(new Tuple2<>(new Projected(projectedSource, projectedTarget, HostCounts.kindOf(g)), new String[] {s, g}));
            }
        }
        return out.iterator();
    }

    /** Each distinct projected pair checked once by the sandboxed engine. */
    private static Iterator<Judged> evaluate(CompatibilityEngine engine, Iterator<Tuple2<Projected, Iterable<String[]>>> pairs) {
        List<Judged> out = new ArrayList<>();
        while (pairs.hasNext()) {
            Tuple2<Projected, Iterable<String[]>> p = pairs.next();
            Projected key = p._1();
            Verdict v = engine.check(ProfileCodec.decode(key.source()), ProfileCodec.decode(key.target()),
                    CandidateKind.valueOf(key.targetKind()));
            if (v.compatible()) {
                List<String[]> answered = new ArrayList<>();
                p._2().forEach(answered::add);
                out.add(new Judged(true, v.level().ordinal(), v.score(), BatchLines.verdictJson(v), answered));
            } else {
                out.add(new Judged(false, 0, 0, null, List.of()));
            }
        }
        return out.iterator();
    }
}
