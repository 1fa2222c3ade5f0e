package org.vfiocompat.engine.runtime;

import org.vfiocompat.engine.InvalidPackException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Set;
import java.util.TreeSet;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.EvaluationLimits;
import org.vfiocompat.engine.Isolation;
import org.vfiocompat.engine.RefusedPack;
import org.vfiocompat.engine.eval.VisibleText;
import org.vfiocompat.engine.isolation.Judges;
import org.vfiocompat.engine.isolation.PairJudge;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.engine.route.NamespaceTable;
import org.vfiocompat.engine.route.Router;

/**
 * One loaded set of packs with everything derived from it: routing table, evaluators (with their
 * session pools and quarantine state). Immutable as a whole: a reload builds a new one to the
 * side and swaps it in, and every check, rank or batch reads the current one once at its start,
 * so it finishes on the set it started with and never mixes two.
 *
 * @param packs      the packs, in load order
 * @param refused    the packs found but refused, each with why
 * @param router     routing over exactly these packs
 * @param evaluators by pack digest
 * @param generation 1 for the first set, one more for each reload
 * @param loadedAt   when the set was swapped in
 */
public record PackSet(List<LoadedPack> packs, List<RefusedPack> refused, Router router, Map<String, PairJudge> evaluators,
               long generation, Instant loadedAt) {

    /**
     * The set of {@code packs}, taking over the evaluator of every pack that {@code previous}
     * already had (same content and same load): an unchanged pack keeps its warm sessions and
     * its quarantine state across a reload.
     *
     * @param isolation       where the packs' code runs
     * @param packCache       the compiled-pack cache a worker may read, or null
     * @param enabledPlatform the ids of the platform packs that judge: a platform pack not named
     *                        here is loaded (and listed) but judges nothing
     * @throws InvalidPackException when two packs claim overlapping namespaces, or a platform
     *                              pack to enable is not among {@code packs}
     */
    static PackSet of(PackSelection.Selected selected, EvaluationLimits limits, Isolation isolation,
                      java.nio.file.Path packCache, PackSet previous, Instant now, Set<String> enabledPlatform) {
        List<LoadedPack> packs = selected.packs();
        List<LoadedPack> platform = new ArrayList<>();
        Set<String> unknown = new TreeSet<>(enabledPlatform);
        // A platform pack to enable that was refused fails closed: every pair that reaches an
        // owning pack is UNKNOWN naming the refusal (its scope may not even have read).
        List<String> failClosed = new ArrayList<>();
        Set<String> loadedIds = new java.util.HashSet<>();
        packs.forEach(p -> loadedIds.add(p.id()));
        for (RefusedPack r : selected.refused()) {
            if (enabledPlatform.contains(r.id()) && !loadedIds.contains(r.id()) && unknown.remove(r.id())) {
                failClosed.add("vfio-compat: platform pack " + r.id() + " is enabled but was refused at load (" + r.code()
                        + "), so no pair it would judge is answered: " + VisibleText.of(r.reason()));
            }
        }
        for (LoadedPack p : packs) {
            if (p.isPlatform() && enabledPlatform.contains(p.id())) {
                platform.add(p);
            }
            if (p.isPlatform()) {
                unknown.remove(p.id());
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidPackException(unknown.stream().map(id -> new Problem(ProblemCodes.PACK_PLATFORM_UNKNOWN,
                    Location.file("(configuration)"), "platform pack '" + id + "' is to be enabled, but no platform pack of"
                            + " that id is loaded (platform packs loaded: " + platformIds(packs) + ")")).toList());
        }
        Map<String, String> refusedNamespaces = new java.util.LinkedHashMap<>();
        for (RefusedPack r : selected.refused()) {
            for (String ns : r.namespaces()) {
                refusedNamespaces.putIfAbsent(ns, "vfio-compat: pack " + r.id() + ", which claims namespace " + ns
                        + ", was refused at load (" + r.code() + "): " + VisibleText.of(r.reason()));
            }
        }
        Router router = new Router(NamespaceTable.of(packs), platform, refusedNamespaces, failClosed);
        Map<String, PairJudge> byDigest = new HashMap<>();
        for (LoadedPack pack : packs) {
            PairJudge old = previous == null ? null : previous.evaluators.get(pack.digest());
            byDigest.put(pack.digest(), old != null && old.pack() == pack ? old : Judges.of(pack, limits, isolation, packCache));
        }
        return new PackSet(List.copyOf(packs), selected.refused(), router, Map.copyOf(byDigest),
                previous == null ? 1 : previous.generation + 1, now);
    }

    private static String platformIds(List<LoadedPack> packs) {
        List<String> ids = packs.stream().filter(LoadedPack::isPlatform).map(LoadedPack::id).toList();
        return ids.isEmpty() ? "none" : String.join(", ", ids);
    }

    PairJudge evaluator(LoadedPack pack) {
        return evaluators.get(pack.digest());
    }

    /** The packs by digest, for a reload to reuse unchanged ones. */
    Map<String, LoadedPack> byDigest() {
        Map<String, LoadedPack> out = new HashMap<>();
        packs.forEach(p -> out.put(p.digest(), p));
        return out;
    }

    /**
     * Readies every judge this set does not take over from {@code previous} (its worker JVM
     * started and its pack loaded), all side by side, and returns when they are ready. Bounded:
     * a worker that does not start and load within its start-up budget is killed (its warm
     * returns, the first pair starts it again).
     */
    void warmNew(PackSet previous) {
        List<Thread> warming = new ArrayList<>();
        evaluators.forEach((digest, judge) -> {
            if (previous == null || previous.evaluators.get(digest) != judge) {
                Thread t = new Thread(judge::warm, "vfio-compat-warm-" + judge.pack().id());
                t.setDaemon(true);
                t.start();
                warming.add(t);
            }
        });
        for (Thread t : warming) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // the set goes in as it is: its first pairs start what is not ready
            }
        }
    }

    /** Ends the workers of the judges {@code next} does not keep (a reload dropped or changed their packs). */
    void closeDropped(PackSet next) {
        evaluators.forEach((digest, judge) -> {
            if (next.evaluators.get(digest) != judge) {
                judge.close();
            }
        });
    }

    /** Ends every judge's worker: the engine is closing. */
    void closeAll() {
        evaluators.values().forEach(PairJudge::close);
    }

    /**
     * The packs refused at load, then those their worker JVM refused since (it could not load
     * them, see {@link PairJudge#refusal}), in load order: a refusal is a refusal wherever it
     * was found.
     */
    List<RefusedPack> allRefused() {
        List<RefusedPack> all = new ArrayList<>(refused);
        for (LoadedPack p : packs) {
            evaluator(p).refusal().ifPresent(all::add);
        }
        return List.copyOf(all);
    }

    List<String> digests() {
        return packs.stream().map(LoadedPack::digest).toList();
    }
}
