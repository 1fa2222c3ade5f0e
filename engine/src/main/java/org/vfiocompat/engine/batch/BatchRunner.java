package org.vfiocompat.engine.batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.vfiocompat.engine.BatchSummary;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.RankedTarget;
import org.vfiocompat.engine.SourceResult;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Evaluates a whole fleet: every assigned device against every candidate on the other hosts.
 *
 * <p>The work is shaped by profiles, not devices: candidates are grouped by profile
 * ({@link CandidateIndex}); each distinct source profile — distinct as its pack sees it, for a
 * pack reads only some parts of a profile — is judged once against each candidate group whose
 * type can be compatible at all ({@link SourcePlan}; groups of other types can only be refused,
 * by routing or by the pack's declared type compatibility, so they are skipped through the type
 * index), in parallel; then each device takes its top K from its profile's plan, in host and id
 * order. The cost is distinct profiles squared evaluations plus devices
 * times K, not devices squared, and the output does not depend on the number of threads.
 */
public final class BatchRunner {

    private BatchRunner() {
    }

    /**
     * @param threads         threads for evaluating source profiles (1 or more)
     * @param check           the verdict on a pair
     * @param mayBeCompatible whether a pair of (source type, target type) can be found compatible at all
     * @param seenBy          a profile as the pack owning a source type sees it: pairs equal under it
     *                        have equal verdicts
     * @param progress        told after each device, with devices done and the total
     */
    public static BatchSummary run(Fleet fleet, int top, int threads, BiFunction<DeviceProfile, DeviceProfile, Verdict> check,
                                   BiPredicate<String, String> mayBeCompatible,
                                   BiFunction<String, DeviceProfile, DeviceProfile> seenBy,
                                   Consumer<SourceResult> sink, Progress progress) {
        if (top < 1) {
            throw new IllegalArgumentException("top must be at least 1, got " + top);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        long start = System.nanoTime();
        CandidateIndex index = CandidateIndex.of(fleet);
        List<FleetDevice> sources = fleet.assigned();
        SourcePlan.Judge judge = new SourcePlan.Judge(check, mayBeCompatible, seenBy);
        Map<DeviceProfile, SourcePlan> plans = plan(sources, index, threads, judge);
        List<String> stranded = new ArrayList<>();
        long pairs = 0;
        int done = 0;
        for (FleetDevice device : sources) {
            SourcePlan plan = plans.get(judge.seen(device.profile()));
            int candidates = index.elsewhere(device.host());
            List<RankedTarget> best = plan.top(device.host(), top);
            SourceResult result = new SourceResult(device, best, plan.compatibleElsewhere(device.host()), candidates);
            pairs += candidates;
            if (result.stranded()) {
                stranded.add(device.ref());
            }
            sink.accept(result);
            progress.update(++done, sources.size());
        }
        long distinct = plans.values().stream().mapToLong(p -> p.evaluated).sum();
        return new BatchSummary(sources.size(), stranded, pairs, distinct, System.nanoTime() - start);
    }

    /** One plan per distinct source profile as its pack sees it, computed on {@code threads} threads. */
    private static Map<DeviceProfile, SourcePlan> plan(List<FleetDevice> sources, CandidateIndex index, int threads,
                                                       SourcePlan.Judge judge) {
        Set<DeviceProfile> seen = new LinkedHashSet<>();
        sources.forEach(d -> seen.add(judge.seen(d.profile())));
        List<DeviceProfile> distinct = List.copyOf(seen);
        if (threads == 1 || distinct.size() < 2) {
            Map<DeviceProfile, SourcePlan> plans = new LinkedHashMap<>();
            distinct.forEach(p -> plans.put(p, SourcePlan.of(p, index, judge)));
            return plans;
        }
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            List<SourcePlan> computed = pool.submit(() -> distinct.parallelStream()
                    .map(p -> SourcePlan.of(p, index, judge)).toList()).get();
            Map<DeviceProfile, SourcePlan> plans = new LinkedHashMap<>();
            for (int i = 0; i < distinct.size(); i++) {
                plans.put(distinct.get(i), computed.get(i));
            }
            return plans;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("batch interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    /** Told how far a batch has got. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void update(int done, int total);
    }
}
