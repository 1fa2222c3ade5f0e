package org.vfiocompat.engine.rank;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.RankedTarget;
import org.vfiocompat.engine.Ranking;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Judges every candidate for one source and orders the result. Candidates that share a
 * profile share a verdict (a verdict depends only on the two profiles), so each distinct
 * target profile is checked once.
 */
public final class Ranker {

    private Ranker() {
    }

    public static Ranking rank(DeviceProfile source, Collection<Candidate> candidates,
                               BiFunction<DeviceProfile, DeviceProfile, Verdict> check) {
        Map<DeviceProfile, Verdict> byProfile = new HashMap<>();
        List<RankedTarget> compatible = new ArrayList<>();
        List<RankedTarget> refused = new ArrayList<>();
        for (Candidate c : candidates) {
            Verdict v = byProfile.computeIfAbsent(c.profile(), target -> check.apply(source, target));
            (v.compatible() ? compatible : refused).add(new RankedTarget(c, v));
        }
        compatible.sort(TargetOrder.BEST_FIRST);
        refused.sort(TargetOrder.BY_PLACE);
        return new Ranking(source, compatible, refused);
    }
}
