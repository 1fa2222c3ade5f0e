package org.vfiocompat.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Isolation;
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

    /**
     * The system property that changes {@code --isolation}'s default: the test suites set it to
     * {@code in-process}, so that only the tests about isolation start worker JVMs.
     */
    static final String DEFAULT_ISOLATION_PROPERTY = "vfiocompat.isolation";

    @Option(names = "--isolation", paramLabel = "MODE", defaultValue = "${sys:" + DEFAULT_ISOLATION_PROPERTY + ":-process}",
            converter = IsolationConverter.class,
            description = "Where packs' code runs: process (each pack not signed by a key of the trust store in a "
                    + "supervised worker JVM of its own, started when the pack first has a pair to judge; packs so "
                    + "signed in this JVM) or in-process (all in this JVM, behind the sandbox alone); docs/security.md "
                    + "(default: process).")
    Isolation isolation;

    /** {@code process} and {@code in-process}, as the option spells them. */
    static final class IsolationConverter implements picocli.CommandLine.ITypeConverter<Isolation> {
        @Override
        public Isolation convert(String value) {
            return switch (value) {
                case "process" -> Isolation.PROCESS;
                case "in-process" -> Isolation.IN_PROCESS;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "expected process or in-process, got '" + value + "'");
            };
        }
    }

    @Override
    public void applyTo(CompatibilityEngine.Builder builder) {
        if (cacheSize < 0) {
            throw new UsageProblem("--cache-size must be 0 (off) or more, got " + cacheSize);
        }
        if (!decisionLogMask.isEmpty() && decisionLog == null) {
            throw new UsageProblem("--decision-log-mask needs --decision-log FILE");
        }
        builder.cacheSize(cacheSize).isolation(isolation);
        if (decisionLog != null) {
            builder.decisionLog(decisionLog).decisionLogMask(decisionLogMask);
        }
    }
}
