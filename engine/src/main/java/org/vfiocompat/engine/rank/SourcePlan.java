package org.vfiocompat.engine.rank;

import org.vfiocompat.engine.rank.CandidateIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.BiPredicate;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.RankedTarget;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Where one source profile can go: every compatible candidate group, in tiers of equal
 * (level, score), best tier first. A device with this profile gets its top K by walking the
 * tiers and, inside a tier, merging the groups' candidates by host and id while skipping its own
 * host — the same order as ranking every candidate, without sorting them per device.
 */
final class SourcePlan {

    /**
     * Candidate groups that share one verdict level and score, merged by host and id into one
     * list as far as any device has needed it so far: a device takes the first K of it that are
     * not on its own host, so the list rarely grows past K plus one host's candidates, and the
     * merge is paid once per plan instead of once per device.
     */
    private static final class Tier {
        private record Cursor(int group, int at, Candidate candidate) {
        }

        final List<CandidateIndex.Group> groups = new ArrayList<>();
        final List<Verdict> verdicts = new ArrayList<>();
        private final List<RankedTarget> merged = new ArrayList<>();
        private PriorityQueue<Cursor> heap;

        /** The {@code i}-th candidate of the tier in host and id order, or null past the end. */
        synchronized RankedTarget get(int i) {
            if (heap == null) {
                heap = new PriorityQueue<>(Comparator.comparing(Cursor::candidate, TargetOrder.PLACE));
                for (int g = 0; g < groups.size(); g++) {
                    heap.add(new Cursor(g, 0, groups.get(g).candidates.get(0)));
                }
            }
            while (merged.size() <= i && !heap.isEmpty()) {
                Cursor c = heap.poll();
                merged.add(new RankedTarget(c.candidate(), verdicts.get(c.group())));
                List<Candidate> cs = groups.get(c.group()).candidates;
                if (c.at() + 1 < cs.size()) {
                    heap.add(new Cursor(c.group(), c.at() + 1, cs.get(c.at() + 1)));
                }
            }
            return i < merged.size() ? merged.get(i) : null;
        }
    }

    private final List<Tier> tiers;
    private final int compatible;
    private final Map<String, Integer> compatibleByHost;
    final int evaluated;

    private SourcePlan(List<Tier> tiers, int compatible, Map<String, Integer> compatibleByHost, int evaluated) {
        this.tiers = tiers;
        this.compatible = compatible;
        this.compatibleByHost = compatibleByHost;
        this.evaluated = evaluated;
    }

    /**
     * How the engine judges pairs, as a batch needs it.
     *
     * @param check           the verdict on a pair
     * @param mayBeCompatible whether a pair of (source type, target type) can be found compatible
     *                        at all; groups of types it rules out can only be refused, so they are
     *                        skipped unseen
     * @param views           pairs as the packs judging them see them
     */
    record Judge(PairCheck check, BiPredicate<String, String> mayBeCompatible, PairViews views) {
    }

    /**
     * Adds to {@code out} the pairs {@link #of} will check for {@code source}, each once: the
     * same walk over the type index, without judging.
     */
    static void pairsOf(DeviceProfile source, CandidateIndex index, Judge judge, List<PairCheck.Ahead> out) {
        java.util.Set<Object> seen = new java.util.HashSet<>();
        String sourceType = source.getMigrationType();
        for (Map.Entry<String, List<CandidateIndex.Group>> type : index.byType.entrySet()) {
            if (!judge.mayBeCompatible().test(sourceType, type.getKey())) {
                continue;
            }
            for (CandidateIndex.Group g : type.getValue()) {
                if (seen.add(judge.views().target(source, g.profile, g.kind))) {
                    out.add(new PairCheck.Ahead(source, g.profile, g.kind));
                }
            }
        }
    }

    /**
     * The plan of {@code source}, for every source the packs see as it. Candidate groups the
     * packs see as one (profile and kind, as far as they read them) are judged once.
     */
    static SourcePlan of(DeviceProfile source, CandidateIndex index, Judge judge) {
        record Judged(CandidateIndex.Group group, Verdict verdict) {
        }
        List<Judged> compatibleGroups = new ArrayList<>();
        Map<Object, Verdict> judged = new HashMap<>();
        String sourceType = source.getMigrationType();
        for (Map.Entry<String, List<CandidateIndex.Group>> type : index.byType.entrySet()) {
            if (!judge.mayBeCompatible().test(sourceType, type.getKey())) {
                continue;
            }
            for (CandidateIndex.Group g : type.getValue()) {
                Verdict v = judged.computeIfAbsent(judge.views().target(source, g.profile, g.kind),
                        seen -> judge.check().check(source, g.profile, g.kind));
                if (v.compatible()) {
                    compatibleGroups.add(new Judged(g, v));
                }
            }
        }
        compatibleGroups.sort(Comparator.comparing(Judged::verdict, TargetOrder.VERDICT));
        List<Tier> tiers = new ArrayList<>();
        Map<String, Integer> byHost = new HashMap<>();
        int compatible = 0;
        Tier current = null;
        Verdict tierKey = null;
        for (Judged j : compatibleGroups) {
            if (tierKey == null || tierKey.level() != j.verdict().level() || tierKey.score() != j.verdict().score()) {
                current = new Tier();
                tiers.add(current);
                tierKey = j.verdict();
            }
            current.groups.add(j.group());
            current.verdicts.add(j.verdict());
            compatible += j.group().candidates.size();
            j.group().countByHost.forEach((host, n) -> byHost.merge(host, n, Integer::sum));
        }
        return new SourcePlan(tiers, compatible, byHost, judged.size());
    }

    /** Compatible candidates not on {@code host}. */
    int compatibleElsewhere(String host) {
        return compatible - compatibleByHost.getOrDefault(host, 0);
    }

    /** The best {@code k} compatible targets not on {@code host}, best first. */
    List<RankedTarget> top(String host, int k) {
        List<RankedTarget> out = new ArrayList<>(Math.min(k, 64)); // k is a user's --top: never an allocation size
        for (Tier tier : tiers) {
            RankedTarget t;
            for (int i = 0; out.size() < k && (t = tier.get(i)) != null; i++) {
                if (!t.candidate().host().equals(host)) {
                    out.add(t);
                }
            }
            if (out.size() == k) {
                break;
            }
        }
        return out;
    }
}
