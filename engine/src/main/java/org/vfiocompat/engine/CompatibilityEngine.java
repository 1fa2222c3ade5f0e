package org.vfiocompat.engine;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vfiocompat.engine.audit.DecisionLog;
import org.vfiocompat.engine.batch.BatchRunner;
import org.vfiocompat.engine.cache.VerdictCache;
import org.vfiocompat.engine.eval.Limits;
import org.vfiocompat.engine.eval.PackEvaluator;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.engine.pack.PackCheckReport;
import org.vfiocompat.engine.pack.PackLoader;
import org.vfiocompat.engine.pack.PackRule;
import org.vfiocompat.engine.rank.Ranker;
import org.vfiocompat.engine.route.NamespaceTable;
import org.vfiocompat.engine.route.Router;
import org.vfiocompat.engine.trust.TrustPolicy;
import org.vfiocompat.engine.trust.TrustStore;
import org.vfiocompat.engine.vectors.VectorRunner;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Answers "can this device's state move to that one, and where can it go": routes each pair to
 * the pack that owns the source's migration type, evaluates it there, and orders candidates.
 *
 * <p>Safe to share between threads. The loaded packs are one immutable set that
 * {@link #reload()} (or {@link #watch(Duration)}) replaces atomically; each check, rank or batch
 * works on the set that was current when it started, and every verdict names the digest of the
 * pack that made it:
 * <pre>{@code
 * CompatibilityEngine engine = CompatibilityEngine.builder().packs(Path.of("vendor-packs")).build();
 * Verdict v = engine.check(source, target);
 * Ranking r = engine.rank(source, candidates);
 * }</pre>
 */
public final class CompatibilityEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CompatibilityEngine.class);

    /** Pack locations as the builder was given them: folders, archives, {@code classpath:} paths. */
    private final List<String> locations;
    private final Path packCache;
    private final Path trustStore;
    private final boolean requireSignatures;
    private final Limits limits;
    private final Clock clock;
    private final VerdictCache cache;
    private final DecisionLog decisionLog;
    private final AtomicReference<PackSet> current = new AtomicReference<>();
    private final Object reloading = new Object();
    private volatile ReloadResult lastReload;
    private PackWatcher watcher;
    /**
     * The packs of the last few sets by digest, most recently used last (guarded by
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

    /** How many built packs a reload may take over without building them again. */
    private static final int RECENT_PACKS = 8;

    private CompatibilityEngine(Builder b, List<String> locations, Limits limits, DecisionLog decisionLog) {
        this.locations = List.copyOf(locations);
        this.packCache = b.packCache;
        this.trustStore = b.trustStore;
        this.requireSignatures = b.requireSignatures;
        this.limits = limits;
        this.clock = b.clock;
        this.cache = VerdictCache.ofSize(b.cacheSize);
        this.decisionLog = decisionLog;
        PackSet first = PackSet.of(loadPacks(Map.of()), limits, null,
                clock.instant());
        current.set(first);
        recent.putAll(first.byDigest());
        lastReload = new ReloadResult(true, first.loadedAt(), first.generation(), first.digests(), List.of());
    }

    /** Every pack at the engine's locations, reusing built packs of {@code reusable} by digest. */
    private List<LoadedPack> loadPacks(Map<String, LoadedPack> reusable) {
        return PackLoader.loadEach(locations, packCache, trustPolicy(), reusable).packsOrThrow();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs every load-time check on one pack folder without building an engine: what
     * {@code vfio-compat pack verify} prints. Signatures are checked when the pack has one and
     * {@code trustStore} is given; {@code requireSignatures} refuses an unsigned pack. Never
     * throws for the pack's fault.
     *
     * @param trustStore a trust-store file or folder, or null
     * @throws InvalidPackException when the trust store itself does not read
     */
    public static PackVerification verifyPack(Path folder, Path trustStore, boolean requireSignatures) {
        PackCheckReport report = PackLoader.verify(folder, trustPolicy(trustStore, requireSignatures));
        List<String> passed = new ArrayList<>(report.passed());
        if (report.problems().isEmpty()) {
            Limits d = Limits.DEFAULT;
            passed.add("run time     at most " + d.maxFirings() + " firings and " + d.maxInserts()
                    + " findings per pair, Findings only, watchdog deadline " + d.deadline().toMillis()
                    + " ms, quarantine after " + d.quarantineAfter() + " violations (engine defaults)");
        }
        return new PackVerification(folder.toString(), passed, report.problems());
    }

    /**
     * Every load-time check on the packs at {@code locations}, evaluating nothing: each pack's
     * manifest, DRL checks, build and sandbox verification, its test-vector files read and
     * checked (not run), and across the packs duplicate ids and overlapping namespaces. What
     * {@code vfio-compat pack lint} prints. Never throws for a pack's fault.
     */
    public static PackLint lintPacks(Collection<String> locations) {
        PackLoader.Loaded loaded = PackLoader.loadEach(List.copyOf(locations), null);
        List<Problem> findings = new ArrayList<>(loaded.problems());
        List<String> ok = new ArrayList<>();
        for (LoadedPack pack : loaded.packs()) {
            List<Problem> vectorProblems = VectorRunner.check(pack);
            findings.addAll(vectorProblems);
            if (vectorProblems.isEmpty()) {
                ok.add(pack.id() + " " + pack.version() + " (" + pack.location() + ")");
            }
        }
        try {
            NamespaceTable.of(loaded.packs());
        } catch (InvalidPackException e) {
            findings.addAll(e.problems());
        }
        return new PackLint(ok, findings);
    }

    /** As {@link #verifyPack(Path, Path, boolean)} without a trust store. */
    public static PackVerification verifyPack(Path folder) {
        return verifyPack(folder, null, false);
    }

    /** The verdict on moving {@code source}'s device state to {@code target}. Never throws for a pack's fault. */
    public Verdict check(DeviceProfile source, DeviceProfile target) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        return check(current.get(), source, target);
    }

    private Verdict check(PackSet set, DeviceProfile source, DeviceProfile target) {
        Router.Route route = set.router().route(source, target);
        Verdict verdict;
        boolean hit = false;
        if (route instanceof Router.Evaluate e) {
            PackEvaluator evaluator = set.evaluator(e.pack());
            if (evaluator.quarantineReason() != null) {
                // A quarantined pack's earlier verdicts are not served either.
                verdict = evaluator.evaluate(e.source(), e.target());
            } else {
                VerdictCache.Lookup found = cache.get(e.pack().digest(), e.source(), e.target(),
                        () -> evaluator.evaluate(e.source(), e.target()));
                verdict = found.verdict();
                hit = found.hit();
            }
        } else {
            verdict = ((Router.Decided) route).verdict();
        }
        if (decisionLog != null) {
            decisionLog.record(source, target, verdict, hit);
        }
        return verdict;
    }

    /**
     * Every candidate judged for {@code source}: compatible ones best first, the others with
     * their reasons. Candidates with the same profile are evaluated once.
     */
    public Ranking rank(DeviceProfile source, Collection<Candidate> candidates) {
        Objects.requireNonNull(source, "source");
        PackSet set = current.get();
        return Ranker.rank(source, candidates, (s, t) -> check(set, s, t));
    }

    /**
     * Evaluates every device of {@code fleet} that is assigned to a VM against every candidate
     * on the other hosts, on one thread, handing each source's result to {@code sink} in host
     * and id order.
     *
     * @param top how many compatible targets to keep per source (at least 1)
     */
    public BatchSummary batch(Fleet fleet, int top, Consumer<SourceResult> sink) {
        return batch(fleet, top, 1, sink, (done, total) -> { });
    }

    /**
     * As {@link #batch(Fleet, int, Consumer)}, evaluating on {@code threads} threads (the
     * results, and their order, are the same for any number) and reporting progress after each
     * device as (devices done, devices in all).
     */
    public BatchSummary batch(Fleet fleet, int top, int threads, Consumer<SourceResult> sink,
                              BiConsumer<Integer, Integer> progress) {
        PackSet set = current.get();
        return BatchRunner.run(fleet, top, threads, (s, t) -> check(set, s, t), set.router()::mayBeCompatible,
                set.router()::seenBy, sink,
                progress::accept);
    }

    /**
     * Runs the test vectors of every loaded pack through this engine, routing included.
     *
     * @throws InvalidPackException when a vector file cannot be read
     */
    public List<VectorResult> runPackTests() {
        return testPacks().vectors();
    }

    /**
     * Runs the test vectors of every loaded pack, as {@link #runPackTests()}, and counts which
     * rules of which pack fired for them: the {@code vfio-compat pack test} report.
     *
     * @throws InvalidPackException when a vector file cannot be read
     */
    public PackTestReport testPacks() {
        Map<String, Map<String, Integer>> firings = new HashMap<>();
        Consumer<Verdict> count = v -> {
            Map<String, Integer> ofPack = firings.computeIfAbsent(v.packId(), id -> new HashMap<>());
            v.firedRules().forEach(rule -> ofPack.merge(rule, 1, Integer::sum));
        };
        PackSet set = current.get();
        VectorRunner.Engine asRunner = new VectorRunner.Engine() {
            @Override
            public Verdict check(DeviceProfile source, DeviceProfile target) {
                Verdict v = CompatibilityEngine.this.check(set, source, target);
                count.accept(v);
                return v;
            }

            @Override
            public Ranking rank(DeviceProfile source, List<Candidate> candidates) {
                Ranking r = Ranker.rank(source, candidates, (s, t) -> CompatibilityEngine.this.check(set, s, t));
                r.compatible().forEach(t -> count.accept(t.verdict()));
                r.rejected().forEach(t -> count.accept(t.verdict()));
                return r;
            }
        };
        List<VectorResult> results = new ArrayList<>();
        for (LoadedPack pack : set.packs()) {
            results.addAll(VectorRunner.run(pack, asRunner));
        }
        List<PackCoverage> coverage = new ArrayList<>();
        for (LoadedPack pack : set.packs()) {
            Map<String, Integer> ofPack = firings.getOrDefault(pack.id(), Map.of());
            List<RuleCoverage> rules = new ArrayList<>();
            for (PackRule rule : pack.rules()) {
                rules.add(new RuleCoverage(rule.name(), rule.file(), rule.line(), ofPack.getOrDefault(rule.name(), 0)));
            }
            coverage.add(new PackCoverage(pack.id(), pack.version(), rules));
        }
        return new PackTestReport(results, coverage);
    }

    /**
     * Loads the pack folders (and the trust store) again, checks every pack as {@code build()}
     * does, and swaps the new set in at once. Unchanged packs are taken over as they are (no
     * rebuild; warm sessions and quarantine state kept). Evaluations in flight finish on the set
     * they started with. A failed reload changes nothing: the engine keeps its last good set,
     * and the result (also {@link #lastReload()}, and a warning in the log) says why.
     * Reloads are serialised; never throws for a pack's fault.
     */
    public ReloadResult reload() {
        synchronized (reloading) {
            PackSet before = current.get();
            ReloadResult result;
            try {
                Map<String, LoadedPack> reusable = new HashMap<>(recent);
                reusable.putAll(before.byDigest());
                List<LoadedPack> packs = loadPacks(reusable);
                PackSet next = PackSet.of(packs, limits, before, clock.instant());
                current.set(next);
                recent.putAll(next.byDigest());
                cache.retainPacks(new HashSet<>(next.digests()));
                result = new ReloadResult(true, next.loadedAt(), next.generation(), next.digests(), List.of());
                LOG.info("packs reloaded: generation {}, {}", next.generation(), next.packs());
            } catch (InputException e) {
                result = new ReloadResult(false, clock.instant(), before.generation(), before.digests(), e.problems());
                LOG.warn("pack reload refused, keeping generation {}: {}", before.generation(), e.getMessage());
            } catch (RuntimeException e) {
                result = new ReloadResult(false, clock.instant(), before.generation(), before.digests(),
                        List.of(new Problem("(reload)", "", "internal error: " + e)));
                LOG.warn("pack reload failed, keeping generation {}", before.generation(), e);
            }
            lastReload = result;
            return result;
        }
    }

    /**
     * How the last {@link #reload()} (or the first load, by {@code build()}) went. Recorded just
     * after a new set is swapped in, so a check may see the new set a moment before this does.
     */
    public ReloadResult lastReload() {
        return lastReload;
    }

    /**
     * Watches the pack folders and the trust store, polling every {@code interval}, and reloads
     * when their content changed and then held still for one interval. For long-running
     * embedders; a watch already running is replaced. {@link #close()} stops it.
     */
    public void watch(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        List<Path> watched = new ArrayList<>();
        for (String location : locations) {
            if (!location.startsWith("classpath:")) {
                watched.add(Path.of(location)); // a class path does not change under a running JVM
            }
        }
        if (trustStore != null) {
            watched.add(trustStore);
        }
        synchronized (reloading) {
            if (watcher != null) {
                watcher.close();
            }
            watcher = new PackWatcher(watched, interval, this::reload);
        }
    }

    /** The verdict cache's statistics since the engine was built. */
    public CacheStats cacheStats() {
        return cache.stats();
    }

    /** The loaded packs, in load order, each with its quarantine state as of now. */
    public List<PackInfo> packs() {
        PackSet set = current.get();
        List<PackInfo> out = new ArrayList<>();
        for (LoadedPack p : set.packs()) {
            String quarantine = set.evaluator(p).quarantineReason();
            out.add(new PackInfo(p.id(), p.version(), p.vendor(), p.description(), p.namespaces(),
                    p.acceptsTargetsFrom(), p.digest(), p.location().toString(),
                    quarantine == null ? "" : quarantine, p.signer()));
        }
        return out;
    }

    /** Packs in use (digest, signer, namespaces, quarantine), cache statistics and the last reload. */
    public EngineStatus status() {
        return new EngineStatus(packs(), cacheStats(), lastReload, requireSignatures,
                trustStore == null ? "" : trustStore.toString());
    }

    /** Stops the watch, if any, and flushes and closes the decision log the engine opened. */
    @Override
    public void close() {
        synchronized (reloading) {
            if (watcher != null) {
                watcher.close();
                watcher = null;
            }
        }
        if (decisionLog != null) {
            decisionLog.close();
        }
    }

    private TrustPolicy trustPolicy() {
        return trustPolicy(trustStore, requireSignatures);
    }

    private static TrustPolicy trustPolicy(Path trustStore, boolean requireSignatures) {
        if (trustStore == null) {
            if (requireSignatures) {
                throw new InvalidPackException(List.of(new Problem("(configuration)", "",
                        "signatures are required but no trust store is configured")));
            }
            return TrustPolicy.OFF;
        }
        return new TrustPolicy(TrustStore.load(trustStore), requireSignatures);
    }

    /** Collects the engine's configuration. */
    public static final class Builder {

        private final List<String> packLocations = new ArrayList<>();
        private int maxFirings = Limits.DEFAULT.maxFirings();
        private int maxFindings = Limits.DEFAULT.maxInserts();
        private Duration deadline = Limits.DEFAULT.deadline();
        private int quarantineAfter = Limits.DEFAULT.quarantineAfter();
        private long cacheSize = 100_000;
        private Path packCache;
        private Path trustStore;
        private boolean requireSignatures;
        private Path decisionLogFile;
        private Writer decisionLogWriter;
        private Set<String> decisionLogMask = Set.of();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Pack folders to load: a folder holding {@code pack.json} is one pack; any other folder
         * is searched one level deep (so {@code vendor-packs/} loads every reference pack).
         */
        public Builder packs(Path... roots) {
            return packs(List.of(roots));
        }

        public Builder packs(Collection<Path> roots) {
            for (Path root : roots) {
                packLocations.add(Objects.requireNonNull(root, "pack folder").toString());
            }
            return this;
        }

        /**
         * Packs by location, as a user types them: a pack folder, a folder of pack folders, a
         * pack {@code .zip} file, or {@code classpath:path/to/pack}.
         */
        public Builder packLocations(Collection<String> locations) {
            for (String location : locations) {
                packLocations.add(Objects.requireNonNull(location, "pack location"));
            }
            return this;
        }

        /** Rule firings one evaluation may take before the pack is stopped (default 1000). */
        public Builder maxFiringsPerPair(int maxFirings) {
            this.maxFirings = maxFirings;
            return this;
        }

        /** Findings one evaluation may insert before the pack is stopped (default 200). */
        public Builder maxFindingsPerPair(int maxFindings) {
            this.maxFindings = maxFindings;
            return this;
        }

        /** Wall time one evaluation may take before the watchdog halts it (default 2 s). */
        public Builder evaluationDeadline(Duration deadline) {
            this.deadline = Objects.requireNonNull(deadline, "deadline");
            return this;
        }

        /** Verdicts the cache may hold (default 100,000; 0 turns caching off). */
        public Builder cacheSize(long verdicts) {
            if (verdicts < 0) {
                throw new IllegalArgumentException("cache size must be 0 (off) or more, got " + verdicts);
            }
            this.cacheSize = verdicts;
            return this;
        }

        /**
         * Keep compiled packs in {@code folder} and reuse them when a pack's content is unchanged:
         * the executable-model build costs seconds per pack. Reused builds are verified again.
         * Off by default for embedders; the CLI turns it on.
         */
        public Builder compiledPackCache(Path folder) {
            this.packCache = folder;
            return this;
        }

        /** Bound violations after which a pack is quarantined (default 3). */
        public Builder quarantineAfter(int violations) {
            this.quarantineAfter = violations;
            return this;
        }

        /**
         * The public keys trusted to sign packs, each bound to the namespaces it may sign for: a
         * JSON file, or a folder of them (see docs/operations.md). A pack with a signature is
         * then checked against it (a bad signature is refused); re-read on every reload.
         */
        public Builder trustStore(Path fileOrFolder) {
            this.trustStore = Objects.requireNonNull(fileOrFolder, "trust store");
            return this;
        }

        /**
         * Refuse every pack that is not signed by a key of the trust store trusted for all its
         * namespaces, with every file as signed (default false). A pack cannot opt out.
         */
        public Builder requireSignatures(boolean required) {
            this.requireSignatures = required;
            return this;
        }

        /** Append one NDJSON line per decision to {@code file}; the engine closes it in {@link #close()}. */
        public Builder decisionLog(Path file) {
            this.decisionLogFile = Objects.requireNonNull(file, "decision log file");
            this.decisionLogWriter = null;
            return this;
        }

        /** Write one NDJSON line per decision to {@code out}, flushed per line; the caller closes it. */
        public Builder decisionLog(Writer out) {
            this.decisionLogWriter = Objects.requireNonNull(out, "decision log writer");
            this.decisionLogFile = null;
            return this;
        }

        /**
         * Decision-log fields written as {@code "***"} (for example {@code source}, {@code target},
         * {@code reason}); unknown names are refused by {@code build()}.
         */
        public Builder decisionLogMask(Collection<String> fields) {
            this.decisionLogMask = Set.copyOf(fields);
            return this;
        }

        /** Where reload and decision times come from (tests). */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Loads and checks every pack, then builds the engine.
         *
         * @throws InvalidPackException naming pack, file and line of every problem found
         * @throws IllegalArgumentException for a decision-log mask naming no field
         * @throws java.io.UncheckedIOException when the decision log cannot be opened
         */
        public CompatibilityEngine build() {
            if (packLocations.isEmpty()) {
                throw new InvalidPackException(List.of(new Problem("(builder)", "", "no pack folder given")));
            }
            Map<String, Boolean> distinct = new LinkedHashMap<>();
            for (String location : packLocations) {
                distinct.put(location.startsWith("classpath:") ? location
                        : Path.of(location).toAbsolutePath().normalize().toString(), true);
            }
            Limits limits = new Limits(maxFirings, maxFindings, deadline, quarantineAfter);
            DecisionLog log = openDecisionLog();
            try {
                return new CompatibilityEngine(this, new ArrayList<>(distinct.keySet()), limits, log);
            } catch (RuntimeException e) {
                if (log != null) {
                    log.close();
                }
                throw e;
            }
        }

        private DecisionLog openDecisionLog() {
            if (decisionLogWriter != null) {
                return DecisionLog.to(decisionLogWriter, decisionLogMask);
            }
            if (decisionLogFile == null) {
                if (!decisionLogMask.isEmpty()) {
                    DecisionLog.to(Writer.nullWriter(), decisionLogMask); // refuses unknown field names
                }
                return null;
            }
            try {
                return DecisionLog.append(decisionLogFile, decisionLogMask);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot open the decision log " + decisionLogFile + ": " + e.getMessage(), e);
            }
        }
    }
}
