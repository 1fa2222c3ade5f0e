package org.vfiocompat.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vfiocompat.engine.CompatibilityEngine;
import picocli.CommandLine.Option;

/**
 * The verdict cache and the decision log: for the commands that evaluate pairs (rank, check,
 * explain, batch), the only ones with decisions to log and verdicts to cache.
 */
final class EngineOptions implements EngineConfig {

    @Option(names = "--decision-log", paramLabel = "FILE",
            description = "Append one NDJSON line per decision (id, time, pack and digest, profiles, verdict, rules, cache hit).")
    Path decisionLog;

    @Option(names = "--decision-log-mask", paramLabel = "FIELD", split = ",",
            description = "Decision-log fields written as \"***\" (e.g. source,target,reason); repeatable or comma-separated.")
    List<String> decisionLogMask = new ArrayList<>();

    @Option(names = "--cache-size", paramLabel = "N", defaultValue = "100000",
            description = "Verdicts the cache may hold; 0 turns it off (default: ${DEFAULT-VALUE}).")
    long cacheSize;

    @Override
    public void applyTo(CompatibilityEngine.Builder builder) {
        if (cacheSize < 0) {
            throw new UsageProblem("--cache-size must be 0 (off) or more, got " + cacheSize);
        }
        if (!decisionLogMask.isEmpty() && decisionLog == null) {
            throw new UsageProblem("--decision-log-mask needs --decision-log FILE");
        }
        builder.cacheSize(cacheSize);
        if (decisionLog != null) {
            builder.decisionLog(decisionLog).decisionLogMask(decisionLogMask);
        }
    }
}
