package org.vfiocompat.engine;

import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * An engine's configuration, fixed when it is built: what {@link CompatibilityEngine.Builder}
 * collected, each value checked there. The pack set an engine judges with can change (reload,
 * watch); these settings cannot.
 *
 * @param packLocations     pack folders, folders of packs, archives and {@code classpath:} paths,
 *                          absolute and without duplicates, in the order given
 * @param limits            the bounds of every evaluation
 * @param cacheSize         verdicts the cache may hold (0: no cache)
 * @param compiledPackCache where compiled packs are kept between runs, if anywhere
 * @param trustStore        the trust store packs' signatures are checked against, if any
 * @param requireSignatures whether unsigned packs are refused
 * @param decisionLogFile   the NDJSON decision log appended to, if any
 * @param decisionLogWriter the writer NDJSON decision lines go to, if any (the caller closes it)
 * @param decisionLogMask   decision-log fields written as {@code "***"}
 * @param decisionSink      the embedder's own decision sink, if any
 * @param reloadListener    told of every reload, if set
 * @param batchExecutor     where a batch evaluates source profiles; empty: on the calling thread
 * @param clock             where decision and reload times come from
 * @param platformPacks     ids of the platform packs that judge (others are loaded but judge nothing)
 * @param isolation         where packs' code runs: all in this JVM, or untrusted packs in worker JVMs
 */
public record EngineSettings(List<String> packLocations, EvaluationLimits limits, long cacheSize,
                             Optional<Path> compiledPackCache, Optional<Path> trustStore, boolean requireSignatures,
                             Optional<Path> decisionLogFile, Optional<Writer> decisionLogWriter,
                             Set<String> decisionLogMask, Optional<DecisionSink> decisionSink,
                             Optional<ReloadListener> reloadListener, Optional<Executor> batchExecutor, Clock clock,
                             Set<String> platformPacks, Isolation isolation) {

    public EngineSettings {
        packLocations = List.copyOf(packLocations);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(compiledPackCache, "compiledPackCache");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(decisionLogFile, "decisionLogFile");
        Objects.requireNonNull(decisionLogWriter, "decisionLogWriter");
        decisionLogMask = Set.copyOf(decisionLogMask);
        Objects.requireNonNull(decisionSink, "decisionSink");
        Objects.requireNonNull(reloadListener, "reloadListener");
        Objects.requireNonNull(batchExecutor, "batchExecutor");
        Objects.requireNonNull(clock, "clock");
        platformPacks = Set.copyOf(new java.util.TreeSet<>(platformPacks));
        Objects.requireNonNull(isolation, "isolation");
        if (packLocations.isEmpty()) {
            throw new IllegalArgumentException("an engine needs at least one pack location");
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cache size must be 0 (off) or more, got " + cacheSize);
        }
        if (requireSignatures && trustStore.isEmpty()) {
            throw new IllegalArgumentException("signatures are required but no trust store is configured");
        }
        if (decisionLogFile.isPresent() && decisionLogWriter.isPresent()) {
            throw new IllegalArgumentException("a decision log goes to a file or to a writer, not both");
        }
    }
}
