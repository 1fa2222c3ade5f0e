package org.vfiocompat.engine.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.vfiocompat.engine.BatchSummary;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.Ranking;
import org.vfiocompat.engine.SourceResult;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.rank.Ranker;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Evaluates a whole fleet: every assigned device against every candidate on the other hosts.
 * A fleet has far fewer distinct profiles than devices, so verdicts are remembered per
 * (source profile, target profile) for the duration of the batch and each distinct pair is
 * evaluated once.
 */
public final class BatchRunner {

    private BatchRunner() {
    }

    public static BatchSummary run(Fleet fleet, int top, BiFunction<DeviceProfile, DeviceProfile, Verdict> check,
                                   Consumer<SourceResult> sink) {
        if (top < 1) {
            throw new IllegalArgumentException("top must be at least 1, got " + top);
        }
        long start = System.nanoTime();
        Map<ProfilePair, Verdict> memo = new ConcurrentHashMap<>();
        BiFunction<DeviceProfile, DeviceProfile, Verdict> remembered =
                (s, t) -> memo.computeIfAbsent(new ProfilePair(s, t), p -> check.apply(p.source(), p.target()));
        List<String> stranded = new ArrayList<>();
        long pairs = 0;
        int evaluated = 0;
        for (FleetDevice device : fleet.assigned()) {
            List<Candidate> candidates = fleet.candidatesElsewhere(device.host());
            Ranking ranking = Ranker.rank(device.profile(), candidates, remembered);
            pairs += candidates.size();
            evaluated++;
            List<org.vfiocompat.engine.RankedTarget> best = ranking.compatible().subList(0,
                    Math.min(top, ranking.compatible().size()));
            SourceResult result = new SourceResult(device, best, ranking.compatible().size(), candidates.size());
            if (result.stranded()) {
                stranded.add(device.ref());
            }
            sink.accept(result);
        }
        return new BatchSummary(evaluated, stranded, pairs, memo.size(), System.nanoTime() - start);
    }

    private record ProfilePair(DeviceProfile source, DeviceProfile target) {
    }
}
