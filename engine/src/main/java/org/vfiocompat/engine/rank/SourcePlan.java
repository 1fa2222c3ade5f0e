package org.vfiocompat.engine.rank;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.BiPredicate;
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
     * Candidate groups that share one verdict level and score, merged by place into one list as
     * far as any device has needed it so far: a device takes the first K of it that are not on
     * its own host, so the list rarely grows past K plus one host's candidates, and the merge is
     * paid once per plan instead of once per device. The merge compares candidate positions.
     */
    private static final class Tier {
        /** A group's next candidate not merged yet: its index in the group, and its position. */
        private record Cursor(int group, int at, int position) {
        }

        final List<CandidateIndex.Group> groups = new ArrayList<>();
        final List<Verdict> verdicts = new ArrayList<>();
        private final List<RankedTarget> merged = new ArrayList<>();
        /** The host ordinal of each merged target. */
        private int[] mergedHost = new int[16];
        private PriorityQueue<Cursor> heap;

        /** The {@code i}-th candidate of the tier in place order, or null past the end. */
        synchronized RankedTarget get(int i, CandidateIndex index) {
            if (heap == null) {
                heap = new PriorityQueue<>(Comparator.comparingInt(Cursor::position));
                for (int g = 0; g < groups.size(); g++) {
                    heap.add(new Cursor(g, 0, groups.get(g).position(0)));
                }
            }
            while (merged.size() <= i && !heap.isEmpty()) {
                Cursor c = heap.poll();
                if (merged.size() == mergedHost.length) {
                    mergedHost = java.util.Arrays.copyOf(mergedHost, merged.size() * 2);
                }
                mergedHost[merged.size()] = index.hostAt(c.position());
                merged.add(new RankedTarget(index.candidate(c.position()), verdicts.get(c.group())));
                CandidateIndex.Group g = groups.get(c.group());
                if (c.at() + 1 < g.size()) {
                    heap.add(new Cursor(c.group(), c.at() + 1, g.position(c.at() + 1)));
                }
            }
            return i < merged.size() ? merged.get(i) : null;
        }

        /** The host ordinal of the {@code i}-th candidate, one {@link #get} has reached. */
        synchronized int hostOf(int i) {
            return mergedHost[i];
        }
    }

    private final CandidateIndex index;
    private final List<Tier> tiers;
    private final int compatible;
    /** Per group ordinal, whether this plan's source is compatible with it. */
    private final boolean[] compatibleGroup;
    final int evaluated;

    private SourcePlan(CandidateIndex index, List<Tier> tiers, int compatible, boolean[] compatibleGroup, int evaluated) {
        this.index = index;
        this.tiers = tiers;
        this.compatible = compatible;
        this.compatibleGroup = compatibleGroup;
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
        boolean[] compatibleGroup = new boolean[index.groups.size()];
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
            compatible += j.group().size();
            compatibleGroup[j.group().ordinal] = true;
        }
        return new SourcePlan(index, tiers, compatible, compatibleGroup, judged.size());
    }

    /**
     * Compatible candidates not on host ordinal {@code host}: all of them, less those among the
     * host's own candidates (a host has a handful; counting them is cheaper than keeping a count
     * per host for every plan).
     */
    int compatibleElsewhere(int host) {
        int here = 0;
        for (int p = index.hostStart(host), end = index.hostEnd(host); p < end; p++) {
            if (compatibleGroup[index.groupAt(p)]) {
                here++;
            }
        }
        return compatible - here;
    }

    /**
     * The first {@code k} targets of the plan whatever the host, with the hosts they are on:
     * what {@link #top} gives every device whose host is not among those, which is nearly every
     * device. Made at the first call for a {@code k}; one list, handed out to all of them.
     */
    private record Head(int k, List<RankedTarget> targets, int[] hosts) {

        /** Whether a device on host ordinal {@code host} gets exactly these targets. */
        boolean servesHost(int host) {
            for (int h : hosts) {
                if (h == host) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Set at the first {@link #top}; made again only if another {@code k} is asked for. */
    private volatile Head head;

    /**
     * The best {@code k} compatible targets not on host ordinal {@code host}, best first. The
     * first {@code k} of the plan are the answer for any host they are not on; that list is
     * made once and shared (immutable), so most devices cost a look at {@code k} host ordinals
     * and no list of their own, and the output can recognise the same list again.
     */
    List<RankedTarget> top(int host, int k) {
        Head h = head;
        if (h == null || h.k() != k) {
            h = head(k);
            head = h;
        }
        return h.servesHost(host) ? h.targets() : topElsewhere(host, k);
    }

    private Head head(int k) {
        List<RankedTarget> targets = topElsewhere(-1, k); // no host has ordinal -1
        int[] hosts = new int[targets.size()];
        int n = 0;
        for (Tier tier : tiers) {
            for (int i = 0; n < hosts.length && tier.get(i, index) != null; i++) {
                hosts[n++] = tier.hostOf(i);
            }
        }
        return new Head(k, List.copyOf(targets), hosts);
    }

    /** {@link #top}, walked: the tiers' candidates in order, those on {@code host} skipped. */
    private List<RankedTarget> topElsewhere(int host, int k) {
        List<RankedTarget> out = new ArrayList<>(Math.min(k, 64)); // k is a user's --top: never an allocation size
        for (Tier tier : tiers) {
            RankedTarget t;
            for (int i = 0; out.size() < k && (t = tier.get(i, index)) != null; i++) {
                if (tier.hostOf(i) != host) {
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
