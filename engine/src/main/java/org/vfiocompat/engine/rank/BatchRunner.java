package org.vfiocompat.engine.rank;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.vfiocompat.engine.BatchProgress;
import org.vfiocompat.engine.BatchSummary;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.RankedTarget;
import org.vfiocompat.engine.SourceResult;
import org.vfiocompat.engine.fleet.DeviceTable;
import org.vfiocompat.engine.fleet.FleetTables;
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
 * times K, not devices squared, and the output does not depend on where the plans ran.
 */
public final class BatchRunner {

    private BatchRunner() {
    }

    /**
     * @param executor        where source profiles are evaluated, in tasks of about a
     *                        {@value #TASKS_PER_THREAD_HINT}th of them; null: on the calling thread
     * @param check           the verdict on a pair
     * @param mayBeCompatible whether a pair of (source type, target type) can be found compatible at all
     * @param views           pairs as the packs judging them see them: pairs equal under them have
     *                        equal verdicts
     * @param progress        told after each device, with devices done and the total
     */
    public static BatchSummary run(Fleet fleet, int top, Executor executor, PairCheck check,
                                   BiPredicate<String, String> mayBeCompatible,
                                   PairViews views,
                                   Consumer<SourceResult> sink, BatchProgress progress) {
        if (top < 1) {
            throw new IllegalArgumentException("top must be at least 1, got " + top);
        }
        long start = System.nanoTime();
        FleetTables tables = FleetTables.of(fleet);
        CandidateIndex index = CandidateIndex.of(tables);
        DeviceTable devices = tables.devices();
        SourcePlan.Judge judge = new SourcePlan.Judge(check, mayBeCompatible, views);
        Plans planned = plan(devices, index, executor, judge);
        List<String> stranded = new ArrayList<>();
        long pairs = 0;
        int sources = devices.assignedCount();
        for (int a = 0; a < sources; a++) {
            int i = devices.assignedAt(a);
            FleetDevice device = devices.get(i);
            SourcePlan plan = planned.byProfile()[devices.profileOrdinal(i)];
            int host = devices.hostOf(i);
            int candidates = index.elsewhere(host);
            List<RankedTarget> best = plan.top(host, top);
            SourceResult result = new SourceResult(device, best, plan.compatibleElsewhere(host), candidates);
            pairs += candidates;
            if (result.stranded()) {
                stranded.add(device.ref());
            }
            sink.accept(result);
            progress.update(a + 1, sources);
        }
        return new BatchSummary(sources, stranded, pairs, planned.evaluated(), System.nanoTime() - start);
    }

    /**
     * The plan of each profile of an assigned device, by the profile's ordinal in the fleet's
     * tables (null for the others), and how many distinct pairs all the plans judged.
     */
    private record Plans(SourcePlan[] byProfile, long evaluated) {
    }

    /** How many tasks a batch's source profiles are split into, at most: enough to balance uneven plans. */
    static final int TASKS_PER_THREAD_HINT = 64;

    /**
     * One plan per distinct source profile as its pack sees it, computed on {@code executor}
     * (null: here), and given back per source (sources of one view share the plan). The
     * profiles are split into contiguous slices, one task each, and the plans put back in
     * profile order, so the result is the same whatever ran them.
     */
    private static Plans plan(DeviceTable devices, CandidateIndex index, Executor executor, SourcePlan.Judge judge) {
        // Each distinct source as the packs see it, represented by the first device's own
        // profile: the packs are handed real profiles and project them themselves. Sources
        // are met in host and id order, and each profile is projected once, not once a device.
        Map<Object, Integer> seen = new HashMap<>();
        List<DeviceProfile> distinct = new ArrayList<>();
        int[] distinctOf = new int[devices.profileCount()];
        java.util.Arrays.fill(distinctOf, -1);
        for (int a = 0; a < devices.assignedCount(); a++) {
            int ordinal = devices.profileOrdinal(devices.assignedAt(a));
            if (distinctOf[ordinal] < 0) {
                DeviceProfile profile = devices.profile(ordinal);
                distinctOf[ordinal] = seen.computeIfAbsent(judge.views().source(profile), k -> {
                    distinct.add(profile);
                    return distinct.size() - 1;
                });
            }
        }
        if (judge.check().wantsPairsAhead()) {
            List<PairCheck.Ahead> ahead = new ArrayList<>();
            for (DeviceProfile source : distinct) {
                SourcePlan.pairsOf(source, index, judge, ahead);
            }
            judge.check().prepare(ahead);
        }
        SourcePlan[] computed = new SourcePlan[distinct.size()];
        if (executor == null || distinct.size() < 2) {
            for (int i = 0; i < computed.length; i++) {
                computed[i] = SourcePlan.of(distinct.get(i), index, judge);
            }
        } else {
            int tasks = Math.min(distinct.size(), TASKS_PER_THREAD_HINT);
            List<CompletableFuture<Void>> running = new ArrayList<>(tasks);
            for (int task = 0; task < tasks; task++) {
                int from = (int) ((long) distinct.size() * task / tasks);
                int to = (int) ((long) distinct.size() * (task + 1) / tasks);
                running.add(CompletableFuture.runAsync(() -> {
                    for (int i = from; i < to; i++) {
                        computed[i] = SourcePlan.of(distinct.get(i), index, judge);
                    }
                }, executor));
            }
            try {
                CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        SourcePlan[] byProfile = new SourcePlan[distinctOf.length];
        for (int i = 0; i < byProfile.length; i++) {
            byProfile[i] = distinctOf[i] < 0 ? null : computed[distinctOf[i]];
        }
        long evaluated = 0;
        for (SourcePlan p : computed) {
            evaluated += p.evaluated;
        }
        return new Plans(byProfile, evaluated);
    }
}
