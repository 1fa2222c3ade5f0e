package org.vfiocompat.engine;

import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Answers "can this device's state move to that one, and where can it go": routes each pair to
 * the pack that owns the source's migration type, evaluates it there, and orders candidates.
 *
 * <p>Safe to share between threads. Its configuration ({@link #settings()}) is fixed when it is
 * built; the packs it judges with are one immutable set that {@link #reload()} (or
 * {@link #watch(Duration)}) replaces atomically. Each check, rank or batch works on the set that
 * was current when it started, and every verdict names the digest of the pack that made it:
 * <pre>{@code
 * CompatibilityEngine engine = CompatibilityEngine.builder().packs(Path.of("vendor-packs")).build();
 * Verdict v = engine.check(source, target);
 * Ranking r = engine.rank(source, candidates);
 * }</pre>
 * Pack-author tooling (verify, lint, vector tests, coverage) is apart, in {@link PackTools}.
 */
public interface CompatibilityEngine extends AutoCloseable {

    /** A builder with every setting at its default. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * The verdict on moving {@code source}'s device state to the existing device {@code target}:
     * {@code check(source, target, CandidateKind.EXISTING)}. Never throws for a pack's fault.
     */
    default Verdict check(DeviceProfile source, DeviceProfile target) {
        return check(source, target, CandidateKind.EXISTING);
    }

    /**
     * The verdict on moving {@code source}'s device state to {@code target}, an existing device
     * or a configuration a parent can still create: packs see which (rules API 1.1), so the two
     * may get different verdicts for equal profiles. Never throws for a pack's fault.
     */
    Verdict check(DeviceProfile source, DeviceProfile target, CandidateKind targetKind);

    /** The verdict on moving {@code source}'s device state to the candidate {@code target}, of its kind. */
    default Verdict check(DeviceProfile source, Candidate target) {
        return check(source, target.profile(), target.kind());
    }

    /**
     * {@code profile} as the pack owning migration type {@code sourceType} sees it, and the enabled
     * platform packs beside it: the parts of a profile any of them reads, the rest emptied
     * ({@code profile} itself when no pack owns the type). Two pairs whose sources and targets project equal get equal verdicts from the
     * current packs, so a batch spread over many machines (the Spark job) evaluates each
     * distinct projected pair once, as {@link #batch} does.
     */
    DeviceProfile projection(String sourceType, DeviceProfile profile);

    /**
     * Whether a device of migration type {@code sourceType} can be found compatible with one of
     * {@code targetType} at all under the current packs: false means every such pair is refused
     * by routing or by the owning pack's declared type compatibility, without a rule run, and a
     * batch need not evaluate it.
     */
    boolean mayBeCompatible(String sourceType, String targetType);

    /**
     * Every candidate judged for {@code source}: compatible ones best first, the others with
     * their reasons. Candidates with the same profile are evaluated once.
     */
    Ranking rank(DeviceProfile source, Collection<Candidate> candidates);

    /**
     * Evaluates every device of {@code fleet} that is assigned to a VM against every candidate
     * on the other hosts, handing each source's result to {@code sink} in host and id order, on
     * the calling thread. Source profiles are evaluated on the builder's
     * {@link Builder#batchExecutor(Executor) batch executor} (default: the calling thread); the
     * results, and their order, are the same for any executor.
     *
     * @param top how many compatible targets to keep per source (at least 1)
     */
    default BatchSummary batch(Fleet fleet, int top, Consumer<SourceResult> sink) {
        return batch(fleet, top, sink, BatchProgress.NONE);
    }

    /** As {@link #batch(Fleet, int, Consumer)}, telling {@code progress} after each device. */
    BatchSummary batch(Fleet fleet, int top, Consumer<SourceResult> sink, BatchProgress progress);

    /**
     * Says that pairs with a source like {@code device} are coming (a batch tells the profiles
     * of its inventory as they are read, {@link Fleet#load(java.nio.file.Path, Consumer)}), so
     * that what judging them needs starts now, in the background: under
     * {@link Isolation#PROCESS} the worker JVMs of the packs that judge such a source start and
     * load their packs while the caller goes on. Changes no verdict; returns at once. Safe to
     * call from several threads at once (an NDJSON inventory is read on several): each pack's
     * worker is started ahead once, whoever asks first.
     */
    default void expect(DeviceProfile device) {
    }

    /**
     * Loads the packs (and the trust store) again, checks every pack as {@code build()} does,
     * and swaps the new set in at once. Unchanged packs are taken over as they are (no rebuild;
     * warm sessions and quarantine state kept). Evaluations in flight finish on the set they
     * started with. A pack that no longer loads is refused on its own and keeps the version the
     * engine had loaded, if any ({@link ReloadResult#refused()}); a reload that fails as a whole
     * (a location holding no pack) changes nothing: the engine keeps its last good set, and the
     * result says why. Reloads are serialised; the reload listener is told of each. Never throws
     * for a pack's fault.
     */
    ReloadResult reload();

    /**
     * How the last {@link #reload()} (or the first load, by {@code build()}) went. Recorded just
     * after a new set is swapped in, so a check may see the new set a moment before this does.
     */
    ReloadResult lastReload();

    /**
     * Watches the pack locations and the trust store, polling every {@code interval}, and
     * reloads when their content changed and then held still for one interval. For long-running
     * embedders; a watch already running is replaced. {@link #close()} stops it.
     */
    void watch(Duration interval);

    /** The verdict cache's statistics since the engine was built. */
    CacheStats cacheStats();

    /**
     * What each loaded pack declares for planning whole VMs (P2P support, how creatable types
     * share a parent, the host facts its version strings carry), in the order of {@link #packs()}.
     */
    List<PackPlanning> planning();

    /** The loaded packs, in load order, each with its quarantine state as of now. */
    List<PackInfo> packs();

    /**
     * The packs found at the pack locations but refused, each with why. One pack that fails to
     * load never stops the engine: it starts with the packs that load, and a pair whose source
     * type lies in a refused pack's namespaces is UNKNOWN with a reason naming the refusal. An
     * embedder that wants all or nothing checks that this is empty after {@code build()}.
     */
    List<RefusedPack> refusedPacks();

    /** Packs in use (digest, signer, namespaces, quarantine), cache statistics and the last reload. */
    EngineStatus status();

    /** The configuration the engine was built with. */
    EngineSettings settings();

    /** Stops the watch, if any, and flushes and closes the decision log and sink. */
    @Override
    void close();

    /**
     * Collects an engine's configuration. Every setter checks its argument at once (an
     * {@link IllegalArgumentException} or {@link NullPointerException} names what is wrong) and
     * may be called once (a second call is an {@link IllegalStateException}), except the pack
     * locations, which add up.
     */
    final class Builder {

        private final List<String> packLocations = new ArrayList<>();
        private Integer maxFirings;
        private Integer maxFindings;
        private Duration deadline;
        private Integer quarantineAfter;
        private Long cacheSize;
        private Path packCache;
        private Path trustStore;
        private Boolean requireSignatures;
        private Set<String> platformPacks;
        private Path decisionLogFile;
        private Writer decisionLogWriter;
        private Set<String> decisionLogMask;
        private DecisionSink decisionSink;
        private ReloadListener reloadListener;
        private Executor batchExecutor;
        private Clock clock;
        private Isolation isolation;

        Builder() {
        }

        private static void once(Object current, String what) {
            if (current != null) {
                throw new IllegalStateException(what + " was already set to " + current);
            }
        }

        /**
         * Pack folders to load: a folder holding {@code pack.json} is one pack; any other folder
         * is searched one level deep (so {@code vendor-packs/} loads every reference pack).
         */
        public Builder packs(Path... roots) {
            return packs(List.of(roots));
        }

        /** As {@link #packs(Path...)}. */
        public Builder packs(Collection<Path> roots) {
            for (Path root : roots) {
                packLocations.add(Objects.requireNonNull(root, "pack folder").toString());
            }
            return this;
        }

        /**
         * Packs by location, as a user types them: a pack folder, a folder of pack folders, a
         * pack {@code .zip} or {@code .jar} file, or {@code classpath:path/to/pack}.
         */
        public Builder packLocations(Collection<String> locations) {
            for (String location : locations) {
                Objects.requireNonNull(location, "pack location");
                if (location.isBlank()) {
                    throw new IllegalArgumentException("a pack location cannot be blank");
                }
                packLocations.add(location);
            }
            return this;
        }

        /** Rule firings one evaluation may take before the pack is stopped (default 1000). */
        public Builder maxFiringsPerPair(int firings) {
            once(maxFirings, "maxFiringsPerPair");
            this.maxFirings = positive(firings, "maxFiringsPerPair");
            return this;
        }

        /** Findings one evaluation may record before the pack is stopped (default 200). */
        public Builder maxFindingsPerPair(int findings) {
            once(maxFindings, "maxFindingsPerPair");
            this.maxFindings = positive(findings, "maxFindingsPerPair");
            return this;
        }

        /** Wall time one evaluation may take before the watchdog halts it (default 2 s). */
        public Builder evaluationDeadline(Duration deadline) {
            once(this.deadline, "evaluationDeadline");
            Objects.requireNonNull(deadline, "deadline");
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("evaluationDeadline must be positive, got " + deadline);
            }
            this.deadline = deadline;
            return this;
        }

        /** Bound violations after which a pack is quarantined (default 3). */
        public Builder quarantineAfter(int violations) {
            once(quarantineAfter, "quarantineAfter");
            this.quarantineAfter = positive(violations, "quarantineAfter");
            return this;
        }

        /** Verdicts the cache may hold (default 100,000; 0 turns caching off). */
        public Builder cacheSize(long verdicts) {
            once(cacheSize, "cacheSize");
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
            once(packCache, "compiledPackCache");
            this.packCache = Objects.requireNonNull(folder, "compiled-pack cache folder");
            return this;
        }

        /**
         * The public keys trusted to sign packs, each bound to the namespaces it may sign for: a
         * JSON file, or a folder of them (see docs/operations.md). A pack with a signature is
         * then checked against it (a bad signature is refused); re-read on every reload.
         */
        public Builder trustStore(Path fileOrFolder) {
            once(trustStore, "trustStore");
            this.trustStore = Objects.requireNonNull(fileOrFolder, "trust store");
            return this;
        }

        /**
         * Refuse every pack that is not signed by a key of the trust store trusted for all its
         * namespaces, with every file as signed (default false). A pack cannot opt out. Needs a
         * {@link #trustStore(Path) trust store} by {@code build()}.
         */
        public Builder requireSignatures(boolean required) {
            once(requireSignatures, "requireSignatures");
            this.requireSignatures = required;
            return this;
        }

        /**
         * Let the platform packs with these ids judge (see docs/pack-authoring.md, platform
         * packs). A platform pack judges every pair in its scope besides the owning pack, so it
         * never does unless named here: loaded without it, it is listed and judges nothing. An id
         * that names no loaded platform pack fails {@code build()} and every reload.
         */
        public Builder enablePlatformPacks(Collection<String> ids) {
            once(platformPacks, "enablePlatformPacks");
            Set<String> out = new LinkedHashSet<>();
            for (String id : ids) {
                out.add(Objects.requireNonNull(id, "platform pack id"));
            }
            this.platformPacks = Set.copyOf(out);
            return this;
        }

        /** Append one NDJSON line per decision to {@code file}; the engine closes it in {@link #close()}. */
        public Builder decisionLog(Path file) {
            once(decisionLogFile != null ? decisionLogFile : decisionLogWriter, "decisionLog");
            this.decisionLogFile = Objects.requireNonNull(file, "decision log file");
            return this;
        }

        /** Write one NDJSON line per decision to {@code out}, flushed per line; the caller closes it. */
        public Builder decisionLog(Writer out) {
            once(decisionLogFile != null ? decisionLogFile : decisionLogWriter, "decisionLog");
            this.decisionLogWriter = Objects.requireNonNull(out, "decision log writer");
            return this;
        }

        /**
         * Decision-log fields written as {@code "***"} (for example {@code source}, {@code target},
         * {@code reason}; every field is in {@link Decision#LOG_FIELDS}).
         */
        public Builder decisionLogMask(Collection<String> fields) {
            once(decisionLogMask, "decisionLogMask");
            Set<String> mask = new LinkedHashSet<>();
            List<String> unknown = new ArrayList<>();
            for (String f : fields) {
                Objects.requireNonNull(f, "decision-log field");
                (Decision.LOG_FIELDS.contains(f) ? mask : unknown).add(f);
            }
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("cannot mask " + String.join(", ", unknown)
                        + ": the decision log's fields are " + String.join(", ", Decision.LOG_FIELDS));
            }
            this.decisionLogMask = Set.copyOf(mask);
            return this;
        }

        /** Hand every decision to {@code sink} as well (see {@link DecisionSink}); closed by {@link #close()}. */
        public Builder decisionSink(DecisionSink sink) {
            once(decisionSink, "decisionSink");
            this.decisionSink = Objects.requireNonNull(sink, "decision sink");
            return this;
        }

        /** Tell {@code listener} of every reload (see {@link ReloadListener}). */
        public Builder reloadListener(ReloadListener listener) {
            once(reloadListener, "reloadListener");
            this.reloadListener = Objects.requireNonNull(listener, "reload listener");
            return this;
        }

        /**
         * Evaluate a batch's source profiles on {@code executor} (for example a
         * {@link java.util.concurrent.ForkJoinPool} shared with the application). Default: on the
         * thread that calls {@code batch}. The engine never shuts it down.
         */
        public Builder batchExecutor(Executor executor) {
            once(batchExecutor, "batchExecutor");
            this.batchExecutor = Objects.requireNonNull(executor, "batch executor");
            return this;
        }

        /** Where decision and reload times come from (default: the system clock in UTC). */
        public Builder clock(Clock clock) {
            once(this.clock, "clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where packs' code runs (default {@link Isolation#IN_PROCESS}): {@link Isolation#PROCESS}
         * puts every pack not signed by a trusted key in a supervised worker JVM of its own.
         */
        public Builder isolation(Isolation isolation) {
            once(this.isolation, "isolation");
            this.isolation = Objects.requireNonNull(isolation, "isolation");
            return this;
        }

        private static int positive(int value, String what) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, got " + value);
            }
            return value;
        }

        /** The settings collected so far, defaults filled in. */
        EngineSettings settings() {
            if (packLocations.isEmpty()) {
                throw new InvalidPackException(List.of(new Problem(ProblemCodes.ENGINE_CONFIGURATION, Location.file("(builder)"), "no pack folder given")));
            }
            if (Boolean.TRUE.equals(requireSignatures) && trustStore == null) {
                throw new InvalidPackException(List.of(new Problem(ProblemCodes.ENGINE_CONFIGURATION, Location.file("(configuration)"),
                        "signatures are required but no trust store is configured")));
            }
            Set<String> distinct = new LinkedHashSet<>();
            for (String location : packLocations) {
                distinct.add(location.startsWith("classpath:") ? location
                        : Path.of(location).toAbsolutePath().normalize().toString());
            }
            EvaluationLimits d = EvaluationLimits.DEFAULT;
            EvaluationLimits limits = new EvaluationLimits(maxFirings == null ? d.maxFiringsPerPair() : maxFirings,
                    maxFindings == null ? d.maxFindingsPerPair() : maxFindings, deadline == null ? d.deadline() : deadline,
                    quarantineAfter == null ? d.quarantineAfter() : quarantineAfter);
            return new EngineSettings(List.copyOf(distinct), limits, cacheSize == null ? 100_000 : cacheSize,
                    Optional.ofNullable(packCache), Optional.ofNullable(trustStore), Boolean.TRUE.equals(requireSignatures),
                    Optional.ofNullable(decisionLogFile), Optional.ofNullable(decisionLogWriter),
                    decisionLogMask == null ? Set.of() : decisionLogMask, Optional.ofNullable(decisionSink),
                    Optional.ofNullable(reloadListener), Optional.ofNullable(batchExecutor),
                    clock == null ? Clock.systemUTC() : clock, platformPacks == null ? Set.of() : platformPacks,
                    isolation == null ? Isolation.IN_PROCESS : isolation);
        }

        /**
         * Loads and checks every pack, then builds the engine with the packs that load; the
         * others are refused, each with why ({@link CompatibilityEngine#refusedPacks()}).
         *
         * @throws InvalidPackException when a pack location holds no pack at all, or a platform
         *                              pack to enable is not among the packs found
         * @throws java.io.UncheckedIOException when the decision log cannot be opened
         */
        public CompatibilityEngine build() {
            return Implementation.provider().engine(settings());
        }
    }
}
