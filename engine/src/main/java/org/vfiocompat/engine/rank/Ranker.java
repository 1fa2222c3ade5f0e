package org.vfiocompat.engine.rank;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.RankedTarget;
import org.vfiocompat.engine.Ranking;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Judges every candidate for one source and orders the result. Candidates that share a
 * profile and a kind share a verdict (a verdict depends only on the two profiles and on whether
 * the target exists or is to be created), so each distinct (target profile, kind) is checked once.
 */
public final class Ranker {

    private Ranker() {
    }

    public static Ranking rank(DeviceProfile source, Collection<Candidate> candidates,
                               PairCheck check) {
        record Key(DeviceProfile profile, CandidateKind kind) {
        }
        if (check.wantsPairsAhead()) {
            Map<Key, PairCheck.Ahead> ahead = new java.util.LinkedHashMap<>();
            for (Candidate c : candidates) {
                ahead.computeIfAbsent(new Key(c.profile(), c.kind()), k -> new PairCheck.Ahead(source, k.profile(), k.kind()));
            }
            check.prepare(List.copyOf(ahead.values()));
        }
        Map<Key, Verdict> byTarget = new HashMap<>();
        List<RankedTarget> compatible = new ArrayList<>();
        List<RankedTarget> refused = new ArrayList<>();
        for (Candidate c : candidates) {
            Verdict v = byTarget.computeIfAbsent(new Key(c.profile(), c.kind()),
                    k -> check.check(source, k.profile(), k.kind()));
            (v.compatible() ? compatible : refused).add(new RankedTarget(c, v));
        }
        compatible.sort(TargetOrder.BEST_FIRST);
        refused.sort(TargetOrder.BY_PLACE);
        return new Ranking(source, compatible, refused);
    }
}
