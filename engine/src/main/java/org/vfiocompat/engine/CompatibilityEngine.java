package org.vfiocompat.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
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
import org.vfiocompat.engine.vectors.VectorRunner;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Answers "can this device's state move to that one, and where can it go": routes each pair to
 * the pack that owns the source's migration type, evaluates it there, and orders candidates.
 *
 * <p>Immutable after {@link Builder#build()} and safe to share between threads:
 * <pre>{@code
 * CompatibilityEngine engine = CompatibilityEngine.builder().packs(Path.of("vendor-packs")).build();
 * Verdict v = engine.check(source, target);
 * Ranking r = engine.rank(source, candidates);
 * }</pre>
 */
public final class CompatibilityEngine {

    private final List<LoadedPack> packs;
    private final Router router;
    private final Map<LoadedPack, PackEvaluator> evaluators;
    private final VerdictCache cache;

    private CompatibilityEngine(List<LoadedPack> packs, Limits limits, long cacheSize) {
        this.packs = List.copyOf(packs);
        this.cache = VerdictCache.ofSize(cacheSize);
        this.router = new Router(NamespaceTable.of(packs));
        Map<LoadedPack, PackEvaluator> byPack = new HashMap<>();
        for (LoadedPack pack : packs) {
            byPack.put(pack, new PackEvaluator(pack, limits));
        }
        this.evaluators = Map.copyOf(byPack);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs every load-time check on one pack folder without building an engine: what
     * {@code vfio-compat pack verify} prints. Never throws for the pack's fault.
     */
    public static PackVerification verifyPack(Path folder) {
        PackCheckReport report = PackLoader.verify(folder);
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

    /** The verdict on moving {@code source}'s device state to {@code target}. Never throws for a pack's fault. */
    public Verdict check(DeviceProfile source, DeviceProfile target) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Router.Route route = router.route(source, target);
        if (route instanceof Router.Evaluate e) {
            PackEvaluator evaluator = evaluators.get(e.pack());
            if (evaluator.quarantineReason() != null) {
                // A quarantined pack's earlier verdicts are not served either.
                return evaluator.evaluate(e.source(), e.target());
            }
            return cache.get(e.pack().digest(), e.source(), e.target(), () -> evaluator.evaluate(e.source(), e.target()));
        }
        return ((Router.Decided) route).verdict();
    }

    /**
     * Every candidate judged for {@code source}: compatible ones best first, the others with
     * their reasons. Candidates with the same profile are evaluated once.
     */
    public Ranking rank(DeviceProfile source, Collection<Candidate> candidates) {
        Objects.requireNonNull(source, "source");
        return Ranker.rank(source, candidates, this::check);
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
        return BatchRunner.run(fleet, top, threads, this::check, router::mayBeCompatible, router::seenBy, sink,
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
        VectorRunner.Engine asRunner = new VectorRunner.Engine() {
            @Override
            public Verdict check(DeviceProfile source, DeviceProfile target) {
                Verdict v = CompatibilityEngine.this.check(source, target);
                count.accept(v);
                return v;
            }

            @Override
            public Ranking rank(DeviceProfile source, List<Candidate> candidates) {
                Ranking r = CompatibilityEngine.this.rank(source, candidates);
                r.compatible().forEach(t -> count.accept(t.verdict()));
                r.rejected().forEach(t -> count.accept(t.verdict()));
                return r;
            }
        };
        List<VectorResult> results = new ArrayList<>();
        for (LoadedPack pack : packs) {
            results.addAll(VectorRunner.run(pack, asRunner));
        }
        List<PackCoverage> coverage = new ArrayList<>();
        for (LoadedPack pack : packs) {
            Map<String, Integer> ofPack = firings.getOrDefault(pack.id(), Map.of());
            List<RuleCoverage> rules = new ArrayList<>();
            for (PackRule rule : pack.rules()) {
                rules.add(new RuleCoverage(rule.name(), rule.file(), rule.line(), ofPack.getOrDefault(rule.name(), 0)));
            }
            coverage.add(new PackCoverage(pack.id(), pack.version(), rules));
        }
        return new PackTestReport(results, coverage);
    }

    /** The verdict cache's statistics since the engine was built. */
    public CacheStats cacheStats() {
        return cache.stats();
    }

    /** The loaded packs, in load order, each with its quarantine state as of now. */
    public List<PackInfo> packs() {
        List<PackInfo> out = new ArrayList<>();
        for (LoadedPack p : packs) {
            String quarantine = evaluators.get(p).quarantineReason();
            out.add(new PackInfo(p.id(), p.version(), p.vendor(), p.description(), p.namespaces(),
                    p.acceptsTargetsFrom(), p.digest(), p.location().toString(),
                    quarantine == null ? "" : quarantine));
        }
        return out;
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
         * Loads and checks every pack, then builds the engine.
         *
         * @throws InvalidPackException naming pack, file and line of every problem found
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
            PackLoader.Loaded loaded = PackLoader.loadEach(new ArrayList<>(distinct.keySet()), packCache);
            if (!loaded.problems().isEmpty()) {
                throw new InvalidPackException(loaded.problems());
            }
            return new CompatibilityEngine(loaded.packs(), limits, cacheSize);
        }
    }
}
