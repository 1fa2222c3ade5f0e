package org.vfiocompat.engine.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vfiocompat.engine.BatchProgress;
import org.vfiocompat.engine.BatchSummary;
import org.vfiocompat.engine.CacheStats;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Decision;
import org.vfiocompat.engine.DecisionSink;
import org.vfiocompat.engine.EngineSettings;
import org.vfiocompat.engine.EngineStatus;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.InputException;
import org.vfiocompat.engine.PackInfo;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.InvalidPackException;
import org.vfiocompat.engine.Ranking;
import org.vfiocompat.engine.RefusedPack;
import org.vfiocompat.engine.ReloadResult;
import org.vfiocompat.engine.SourceResult;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.cache.VerdictCache;
import org.vfiocompat.engine.eval.PlatformCombiner;
import org.vfiocompat.engine.isolation.Judges;
import org.vfiocompat.engine.isolation.Pair;
import org.vfiocompat.engine.isolation.PairJudge;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.engine.pack.PackLoader;
import org.vfiocompat.engine.rank.BatchRunner;
import org.vfiocompat.engine.rank.PairCheck;
import org.vfiocompat.engine.rank.PairViews;
import org.vfiocompat.engine.rank.Ranker;
import org.vfiocompat.engine.route.Router;
import org.vfiocompat.engine.trust.TrustPolicy;
import org.vfiocompat.rules.DeviceProfile;

/**
 * The engine at run time: the current pack set behind one atomic reference, the verdict cache,
 * the decision sinks, reload and watch. What {@link CompatibilityEngine.Builder#build()} returns.
 */
public final class RuntimeEngine implements CompatibilityEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeEngine.class);

    /** How many built packs a reload may take over without building them again. */
    private static final int RECENT_PACKS = 8;

    private final EngineSettings settings;
    private final VerdictCache cache;
    /** Every decision goes here: the decision log and the embedder's sink, or null for none. */
    private final DecisionSink decisions;
    private final AtomicReference<PackSet> current = new AtomicReference<>();
    private final Object reloading = new Object();
    private volatile ReloadResult lastReload;
    private PackWatcher watcher;
    /**
     * The built packs of recent sets by digest, most recently used last (guarded by
     * {@code reloading}): a reload back to a recent version (a rollback, or a vendor switching
     * between two releases) takes the built pack as it is instead of building it again.
     */
    private final Map<String, LoadedPack> recent = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LoadedPack> eldest) {
            return size() > RECENT_PACKS;
        }
    };

    /**
     * Loads every pack of {@code settings} and builds the engine.
     *
     * @param decisions where decisions go, or null; closed by {@link #close()}
     */
    public RuntimeEngine(EngineSettings settings, DecisionSink decisions) {
        this.settings = settings;
        this.cache = VerdictCache.ofSize(settings.cacheSize());
        this.decisions = decisions;
        // The spare worker starts first: its JVM and Drools start while this one loads the packs.
        Judges.prestart(settings.isolation(), settings.compiledPackCache().orElse(null));
        PackSet first;
        try {
            first = PackSet.of(loadPacks(Map.of(), null), settings.limits(), settings.isolation(),
                    settings.compiledPackCache().orElse(null), null, settings.clock().instant(), settings.platformPacks());
        } catch (RuntimeException e) {
            Judges.discardSpare();
            throw e;
        }
        if (!Judges.anyInWorker(first.evaluators().values())) {
            Judges.discardSpare(); // every pack is signed by a trusted key: none runs in a worker
        }
        current.set(first);
        recent.putAll(first.byDigest());
        lastReload = new ReloadResult(true, first.loadedAt(), first.generation(), first.digests(), List.of(), first.refused());
        first.refused().forEach(r -> LOG.warn("pack {} at {} refused, the others loaded: {}", r.id(), r.location(), r.reason()));
    }

    /**
     * Every pack at the engine's locations, reusing built packs of {@code reusable} by digest:
     * the ones that load make the set and the others are refused ({@link PackSelection}; as the
     * current set {@code previous} has them, a refused pack keeps its loaded version).
     *
     * @throws InvalidPackException when a location holds no pack at all (a wrong path, not a broken
     *                              pack), or no pack loaded: an engine without one would answer
     *                              nothing but UNKNOWN, so it does not start (and a reload keeps its set)
     */
    private PackSelection.Selected loadPacks(Map<String, LoadedPack> reusable, PackSet previous) {
        PackLoader.Outcome outcome = PackLoader.loadAll(settings.packLocations(), settings.compiledPackCache().orElse(null),
                TrustPolicy.of(settings.trustStore().orElse(null), settings.requireSignatures()), reusable,
                Judges.kieBases(settings.isolation()));
        if (!outcome.located().isEmpty()) {
            throw new InvalidPackException(outcome.located());
        }
        PackSelection.Selected selected = PackSelection.of(outcome.entries(), previous);
        if (selected.packs().isEmpty() && !selected.refused().isEmpty()) {
            throw new InvalidPackException(selected.refused().stream().flatMap(r -> r.problems().stream()).toList());
        }
        return selected;
    }

    @Override
    public Verdict check(DeviceProfile source, DeviceProfile target, CandidateKind targetKind) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(targetKind, "targetKind");
        return check(current.get(), source, target, targetKind);
    }

    /** The verdict on one pair under {@code set}: routed, cached, evaluated, and told to the sinks. */
    Verdict check(PackSet set, DeviceProfile source, DeviceProfile target, CandidateKind targetKind) {
        return check(set, source, target, targetKind, null);
    }

    /** The same, taking verdicts {@code ahead} judged in bulk (or null) where it would evaluate. */
    private Verdict check(PackSet set, DeviceProfile source, DeviceProfile target, CandidateKind targetKind,
                          AheadVerdicts ahead) {
        boolean creatable = targetKind == CandidateKind.CREATABLE;
        Router.Route route = set.router().route(source, target, creatable);
        Verdict verdict;
        boolean hit = false;
        if (route instanceof Router.Evaluate e) {
            VerdictCache.Lookup owner = evaluate(set, e, ahead);
            verdict = owner.verdict();
            hit = owner.hit();
            List<Router.Evaluate> platform = set.router().platformJudges(source, target, creatable);
            if (!platform.isEmpty()) {
                List<PlatformCombiner.Judged> judged = new ArrayList<>(platform.size());
                for (Router.Evaluate p : platform) {
                    VerdictCache.Lookup found = evaluate(set, p, ahead);
                    judged.add(new PlatformCombiner.Judged(p.pack(), found.verdict()));
                    hit &= found.hit();
                }
                verdict = PlatformCombiner.combine(verdict, judged);
            }
        } else {
            verdict = ((Router.Decided) route).verdict();
        }
        if (decisions != null) {
            tell(new Decision(settings.clock().instant(), source, target, verdict, hit));
        }
        return verdict;
    }

    /**
     * One pack's verdict on the pair as it sees it, from the cache under its own digest or
     * evaluated: the owning pack's and each platform pack's alike.
     */
    private VerdictCache.Lookup evaluate(PackSet set, Router.Evaluate e, AheadVerdicts ahead) {
        PairJudge evaluator = set.evaluator(e.pack());
        if (evaluator.quarantineReason().isPresent()) {
            // A quarantined pack's earlier verdicts are not served either.
            return new VerdictCache.Lookup(evaluator.evaluate(e.source(), e.target(), e.targetCreatable()), false);
        }
        return cache.get(e.pack().digest(), e.source(), e.target(), e.targetCreatable(), () -> {
            Verdict judged = ahead == null ? null
                    : ahead.take(new AheadVerdicts.Key(e.pack().digest(), e.source(), e.target(), e.targetCreatable()));
            return judged != null ? judged : evaluator.evaluate(e.source(), e.target(), e.targetCreatable());
        });
    }

    /**
     * Judges {@code pairs} ahead, in bulk, for the judges that prefer it (packs in worker
     * processes): each pair routed as {@link #check} routes it, the owner's and every platform
     * pack's view of it, skipping what the cache already holds; each judge's pairs go to it in
     * one call, all judges side by side (each waits on its own worker).
     */
    private void judgeAhead(PackSet set, List<PairCheck.Ahead> pairs, AheadVerdicts ahead) {
        Map<PairJudge, Map<AheadVerdicts.Key, Pair>> work = new LinkedHashMap<>();
        for (PairCheck.Ahead a : pairs) {
            boolean creatable = a.targetKind() == CandidateKind.CREATABLE;
            if (set.router().route(a.source(), a.target(), creatable) instanceof Router.Evaluate e) {
                wantAhead(set, e, work);
                for (Router.Evaluate p : set.router().platformJudges(a.source(), a.target(), creatable)) {
                    wantAhead(set, p, work);
                }
            }
        }
        List<Thread> running = new ArrayList<>();
        for (Map.Entry<PairJudge, Map<AheadVerdicts.Key, Pair>> w : work.entrySet()) {
            Runnable judge = () -> {
                List<AheadVerdicts.Key> keys = List.copyOf(w.getValue().keySet());
                List<Verdict> verdicts = w.getKey().evaluateAll(List.copyOf(w.getValue().values()));
                for (int i = 0; i < keys.size(); i++) {
                    ahead.put(keys.get(i), verdicts.get(i));
                }
            };
            if (work.size() == 1) {
                judge.run();
            } else {
                Thread t = new Thread(judge, "vfio-compat-ahead-" + w.getKey().pack().id());
                t.setDaemon(true);
                t.start();
                running.add(t);
            }
        }
        for (Thread t : running) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // what was not judged ahead is evaluated pair by pair
            }
        }
    }

    private void wantAhead(PackSet set, Router.Evaluate e, Map<PairJudge, Map<AheadVerdicts.Key, Pair>> work) {
        PairJudge judge = set.evaluator(e.pack());
        if (!judge.prefersBulk() || judge.quarantineReason().isPresent()
                || cache.contains(e.pack().digest(), e.source(), e.target(), e.targetCreatable())) {
            return;
        }
        work.computeIfAbsent(judge, j -> new LinkedHashMap<>()).putIfAbsent(
                new AheadVerdicts.Key(e.pack().digest(), e.source(), e.target(), e.targetCreatable()),
                new Pair(e.source(), e.target(), e.targetCreatable()));
    }

    /**
     * A platform pack's own verdict on a pair, as {@code pack test} runs its vectors: the pack
     * alone, whether or not it is enabled; a LIVE verdict without rules means it said nothing.
     */
    public Verdict checkPlatformIn(PackSet set, LoadedPack pack, DeviceProfile source, DeviceProfile target,
                                   CandidateKind targetKind) {
        boolean creatable = targetKind == CandidateKind.CREATABLE;
        return set.evaluator(pack).evaluate(pack.view().project(source), pack.view().project(target),
                pack.view().projectCreatable(creatable));
    }

    private void tell(Decision decision) {
        try {
            decisions.accept(decision);
        } catch (RuntimeException e) {
            // A sink is an observer: its failure never changes or withholds a verdict.
            LOG.warn("decision sink failed: {}", e.toString());
        }
    }

    @Override
    public Ranking rank(DeviceProfile source, Collection<Candidate> candidates) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(candidates, "candidates");
        PackSet set = current.get();
        return Ranker.rank(source, candidates, judgeIn(set));
    }

    /**
     * Pairs judged under {@code set}, as ranking and batch ask for them: with a pack behind a
     * worker process, the pairs told ahead are judged in bulk first.
     */
    private PairCheck judgeIn(PackSet set) {
        if (set.evaluators().values().stream().noneMatch(PairJudge::prefersBulk)) {
            return (s, t, k) -> check(set, s, t, k);
        }
        AheadVerdicts ahead = new AheadVerdicts();
        return new PairCheck() {
            @Override
            public Verdict check(DeviceProfile s, DeviceProfile t, CandidateKind k) {
                return RuntimeEngine.this.check(set, s, t, k, ahead);
            }

            @Override
            public boolean wantsPairsAhead() {
                return true;
            }

            @Override
            public void prepare(List<PairCheck.Ahead> pairs) {
                judgeAhead(set, pairs, ahead);
            }
        };
    }

    @Override
    public DeviceProfile projection(String sourceType, DeviceProfile profile) {
        Objects.requireNonNull(sourceType, "sourceType");
        Objects.requireNonNull(profile, "profile");
        return current.get().router().seenBy(sourceType, profile);
    }

    @Override
    public boolean mayBeCompatible(String sourceType, String targetType) {
        Objects.requireNonNull(sourceType, "sourceType");
        Objects.requireNonNull(targetType, "targetType");
        return current.get().router().mayBeCompatible(sourceType, targetType);
    }

    @Override
    public BatchSummary batch(Fleet fleet, int top, Consumer<SourceResult> sink, BatchProgress progress) {
        Objects.requireNonNull(fleet, "fleet");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(progress, "progress");
        PackSet set = current.get();
        return BatchRunner.run(fleet, top, settings.batchExecutor().orElse(null), judgeIn(set),
                set.router()::mayBeCompatible, viewsIn(set), sink, progress);
    }

    @Override
    public void loadPacksInWorkers() {
        current.get().warmNew(null);
    }

    @Override
    public void expect(DeviceProfile device) {
        Objects.requireNonNull(device, "device");
        PackSet set = current.get();
        for (LoadedPack pack : set.router().packsJudging(device)) {
            PairJudge judge = set.evaluator(pack);
            if (judge != null) {
                judge.prepare();
            }
        }
    }

    /** Pairs as the packs of {@code set} see them, so that a batch judges each distinct one once. */
    private static PairViews viewsIn(PackSet set) {
        Router router = set.router();
        return new PairViews() {
            @Override
            public Object source(DeviceProfile source) {
                return router.sourceKey(source);
            }

            @Override
            public Object target(DeviceProfile source, DeviceProfile target, CandidateKind kind) {
                return router.targetKey(source, target, kind == CandidateKind.CREATABLE);
            }
        };
    }

    /** The pack set in use now, for the pack tools. */
    public PackSet currentSet() {
        return current.get();
    }

    /** The verdict on one pair under {@code set}, for the pack tools' vector runs. */
    public Verdict checkIn(PackSet set, DeviceProfile source, DeviceProfile target, CandidateKind targetKind) {
        return check(set, source, target, targetKind);
    }

    @Override
    public ReloadResult reload() {
        ReloadResult result;
        synchronized (reloading) {
            PackSet before = current.get();
            try {
                Map<String, LoadedPack> reusable = new HashMap<>(recent);
                reusable.putAll(before.byDigest());
                PackSelection.Selected packs = loadPacks(reusable, before);
                PackSet next = PackSet.of(packs, settings.limits(), settings.isolation(),
                        settings.compiledPackCache().orElse(null), before, settings.clock().instant(), settings.platformPacks());
                // The new set's worker JVMs start and load their packs while the old set still
                // answers: swapped in cold, its first checks would wait seconds for them (and
                // time out at a server's request deadline).
                next.warmNew(before);
                current.set(next);
                // A worker of a pack the reload dropped is ended; one still in use by a check
                // that started on the old set is started again for it, and ended with the engine.
                before.closeDropped(next);
                recent.putAll(next.byDigest());
                cache.retainPacks(new HashSet<>(next.digests()));
                result = new ReloadResult(true, next.loadedAt(), next.generation(), next.digests(), List.of(), next.refused());
                LOG.info("packs reloaded: generation {}, {}", next.generation(), next.packs());
                next.refused().forEach(r -> LOG.warn("pack {} at {} refused: {}", r.id(), r.location(), r.reason()));
            } catch (InputException e) {
                result = new ReloadResult(false, settings.clock().instant(), before.generation(), before.digests(),
                        e.problems(), before.refused());
                LOG.warn("pack reload refused, keeping generation {}: {}", before.generation(), e.getMessage());
            } catch (RuntimeException e) {
                result = new ReloadResult(false, settings.clock().instant(), before.generation(), before.digests(),
                        List.of(new Problem(ProblemCodes.ENGINE_INTERNAL_ERROR, Location.file("(reload)"), "internal error: " + e)),
                        before.refused());
                LOG.warn("pack reload failed, keeping generation {}", before.generation(), e);
            }
            lastReload = result;
            // Told under the lock, so listeners see reloads one at a time and in order.
            if (settings.reloadListener().isPresent()) {
                try {
                    settings.reloadListener().get().reloaded(result);
                } catch (RuntimeException e) {
                    LOG.warn("reload listener failed: {}", e.toString());
                }
            }
        }
        return result;
    }

    @Override
    public ReloadResult lastReload() {
        return lastReload;
    }

    @Override
    public void watch(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        List<Path> watched = new ArrayList<>();
        for (String location : settings.packLocations()) {
            if (!location.startsWith("classpath:")) {
                watched.add(Path.of(location)); // a class path does not change under a running JVM
            }
        }
        settings.trustStore().ifPresent(watched::add);
        synchronized (reloading) {
            if (watcher != null) {
                watcher.close();
            }
            watcher = new PackWatcher(watched, interval, this::reload);
        }
    }

    @Override
    public CacheStats cacheStats() {
        return cache.stats();
    }

    @Override
    public List<PackInfo> packs() {
        PackSet set = current.get();
        List<PackInfo> out = new ArrayList<>();
        for (LoadedPack p : set.packs()) {
            if (set.evaluator(p).refusal().isPresent()) {
                continue; // its worker refused it: listed among the refused packs
            }
            out.add(new PackInfo(p.id(), p.version(), p.vendor(), p.description(), p.namespaces(),
                    p.acceptsTargetsFrom(), p.digest(), p.location().toString(),
                    set.evaluator(p).quarantineReason(), p.signer(),
                    p.isPlatform() ? java.util.Optional.of(p.platform().describe()) : java.util.Optional.empty(),
                    p.isPlatform() && settings.platformPacks().contains(p.id())));
        }
        return out;
    }

    @Override
    public List<RefusedPack> refusedPacks() {
        return current.get().allRefused();
    }

    @Override
    public List<org.vfiocompat.engine.PackPlanning> planning() {
        PackSet set = current.get();
        List<org.vfiocompat.engine.PackPlanning> out = new ArrayList<>();
        for (LoadedPack p : set.packs()) {
            out.add(org.vfiocompat.engine.pack.PackManifests.planning(p));
        }
        return List.copyOf(out);
    }

    @Override
    public EngineStatus status() {
        PackSet set = current.get();
        return new EngineStatus(packs(), set.allRefused(), cacheStats(), lastReload, settings.requireSignatures(), settings.trustStore());
    }

    @Override
    public EngineSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        synchronized (reloading) {
            if (watcher != null) {
                watcher.close();
                watcher = null;
            }
        }
        current.get().closeAll();
        Judges.discardSpare();
        if (decisions != null) {
            decisions.close();
        }
    }
}
